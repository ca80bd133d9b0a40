"""The fixed names the command line accepts, in one light module (no ReportLab), so that
parsing and no-op builds stay fast."""

LOCALES = ("en",)                 # locales with content and plain-language rules
FORMATS = ("handout", "card")     # what a block can be printed in
PAPERS = ("letter", "a4")         # page sizes of handouts and card print sheets
