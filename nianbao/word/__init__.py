"""The Word document underneath drafts: the docx zip package, anchors, properties and review marks."""
