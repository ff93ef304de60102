"""Charts and the executive alignment report, as functions over plain data.

`charts` draws SVG figures, `executive.build_executive_report` turns gap records into a report
(plain data), and `render` turns that report into a standalone HTML page or a PDF of the same
page, so the web and the PDF always show the same figures. No models: nothing here is stored.
"""
