"""LTI 1.3: the platforms Lens is registered with and their deployments, Lens's own key pairs, the launch nonces
given out, the courses and links that map to classes and sets, the platform users who are Lens teachers and
learners, and the scores on their way to the platforms' gradebooks.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 16:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "lti_key",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_lti_key")),
    )
    op.create_table(
        "lti_nonce",
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("value", name=op.f("pk_lti_nonce")),
    )
    with op.batch_alter_table("lti_nonce", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_nonce_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "lti_platform",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("auth_login_url", sa.Text(), nullable=False),
        sa.Column("token_url", sa.Text(), nullable=False),
        sa.Column("key_set_url", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_platform")),
        sa.UniqueConstraint("issuer", "client_id", name=op.f("uq_lti_platform_issuer_client_id")),
    )
    op.create_table(
        "lti_deployment",
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("deployment_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_deployment_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("platform_id", "deployment_id", name=op.f("pk_lti_deployment")),
    )
    op.create_table(
        "lti_teacher",
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("sub", sa.String(length=255), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_teacher_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_lti_teacher_teacher_id_teacher"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("platform_id", "sub", name=op.f("pk_lti_teacher")),
    )
    with op.batch_alter_table("lti_teacher", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_teacher_teacher_id"), ["teacher_id"], unique=False)

    op.create_table(
        "lti_context",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("memberships_url", sa.Text(), nullable=True),
        sa.Column("lineitems_url", sa.Text(), nullable=True),
        sa.Column("ags_scopes", sa.JSON(), nullable=True),
        sa.Column("ignored_services", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_lti_context_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platform.id"],
            name=op.f("fk_lti_context_platform_id_lti_platform"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_context")),
        sa.UniqueConstraint("platform_id", "context_id", name=op.f("uq_lti_context_platform_id_context_id")),
    )
    with op.batch_alter_table("lti_context", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_context_classroom_id"), ["classroom_id"], unique=False)

    op.create_table(
        "lti_learner",
        sa.Column("lti_context_id", sa.Integer(), nullable=False),
        sa.Column("sub", sa.String(length=255), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learner.id"], name=op.f("fk_lti_learner_learner_id_learner"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lti_context_id"],
            ["lti_context.id"],
            name=op.f("fk_lti_learner_lti_context_id_lti_context"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lti_context_id", "sub", name=op.f("pk_lti_learner")),
        sa.UniqueConstraint("learner_id", name=op.f("uq_lti_learner_learner_id")),
    )
    op.create_table(
        "lti_resource_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lti_context_id", sa.Integer(), nullable=False),
        sa.Column("resource_link_id", sa.String(length=255), nullable=False),
        sa.Column("exercise_id", sa.String(length=200), nullable=False),
        sa.Column("line_item_url", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lti_context_id"],
            ["lti_context.id"],
            name=op.f("fk_lti_resource_link_lti_context_id_lti_context"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_resource_link")),
        sa.UniqueConstraint(
            "lti_context_id", "resource_link_id", name=op.f("uq_lti_resource_link_lti_context_id_resource_link_id")
        ),
    )
    op.create_table(
        "lti_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=200), nullable=False),
        sa.Column("line_item_url", sa.Text(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learner.id"], name=op.f("fk_lti_score_learner_id_learner"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["lti_resource_link.id"],
            name=op.f("fk_lti_score_link_id_lti_resource_link"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_score")),
        sa.UniqueConstraint("learner_id", "link_id", name=op.f("uq_lti_score_learner_id_link_id")),
    )
    with op.batch_alter_table("lti_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lti_score_link_id"), ["link_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lti_score_next_try_at"), ["next_try_at"], unique=False)


def downgrade():
    with op.batch_alter_table("lti_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_score_next_try_at"))
        batch_op.drop_index(batch_op.f("ix_lti_score_link_id"))

    op.drop_table("lti_score")
    op.drop_table("lti_resource_link")
    op.drop_table("lti_learner")
    with op.batch_alter_table("lti_context", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_context_classroom_id"))

    op.drop_table("lti_context")
    with op.batch_alter_table("lti_teacher", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_teacher_teacher_id"))

    op.drop_table("lti_teacher")
    op.drop_table("lti_deployment")
    op.drop_table("lti_platform")
    with op.batch_alter_table("lti_nonce", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lti_nonce_expires_at"))

    op.drop_table("lti_nonce")
    op.drop_table("lti_key")
