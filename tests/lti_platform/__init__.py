"""A small LTI 1.3 platform (an imitation LMS) for testing an LTI tool over real HTTP with real RSA signatures.

    platform = TestPlatform(tool_login_url, tool_launch_url, tool_jwks_url).start()
    session, page = platform.launch_with_requests(platform.launch_url(user=Member(user_id="stu-1")))

Run it by hand against a tool on port 5000 with `python tests/lti_platform --tool http://127.0.0.1:5000`.
"""

from .claims import Member
from .lms import TestPlatform

__all__ = ["Member", "TestPlatform"]
