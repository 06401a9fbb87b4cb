"""From a record to typeset pages: the render context, templating, script fixes (typeset), fonts,
and the WeasyPrint seam (pdf)."""
