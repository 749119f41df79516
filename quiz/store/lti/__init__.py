"""Lens as an LTI 1.3 tool: the platforms it is registered with and its keys (registry), who a launch is in Lens
(launches), and the scores on their way to the platforms' gradebooks (outbox). The protocol itself (tokens, keys,
OIDC) is pylti1p3's; nothing here checks a signature by hand."""
