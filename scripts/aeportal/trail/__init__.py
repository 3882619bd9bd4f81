"""The approval trail: git history per document, its diagnostics, recording approvals."""
