// libxlsxwriter (Debian libxlsxwriter-dev), which ToplineExcel writes .xlsx
// workbooks with. Its calls take fixed arguments, so Swift calls them
// directly; nothing else lives here.
#ifndef TOPLINE_CXLSXWRITER_SHIM_H
#define TOPLINE_CXLSXWRITER_SHIM_H

#include <xlsxwriter.h>

#endif
