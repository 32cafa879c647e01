"""Build the default Word template templates_docx/default/report.docx (docxtpl + GB/T 9704 styles).

Run from the project root:  .venv/bin/python scripts/build_template.py [--out PATH]

The builder lives in scripts/template/ and the template text in scripts/template/prose.py. Figures are
written as ``[code]`` (the figure with its unit word, ``{{r 'code'|fig }}``) and ``[code|change]``
(year-on-year wording, ``{{r 'code'|change('，') }}``); the builder turns them into template tags, puts
every Jinja tag in a run of its own, and checks against catalogue.toml that every reported indicator of
a part is used exactly once in that part. Once the office edits report.docx by hand, that file is the
master copy: do not rebuild it over their edits.
"""

from template.build import main

if __name__ == "__main__":
    main()
