"""Builder of the default Word template templates_docx/default/report.docx (docxtpl tags, GB/T 9704 styles)."""
