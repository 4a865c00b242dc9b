// ReadStat (libreadstat-dev), which ships no pkg-config file: the module map
// links `readstat` and this header brings in its one public header. Swift
// calls the library directly; nothing else lives here.
#ifndef TOPLINE_CREADSTAT_SHIM_H
#define TOPLINE_CREADSTAT_SHIM_H

#include <readstat.h>

#endif
