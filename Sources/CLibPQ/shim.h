// PostgreSQL's client library, libpq (libpq-dev). Its calls are used as they
// are, only from Sources/Topline/Attach/PostgresConnection.swift.
#ifndef TOPLINE_CLIBPQ_SHIM_H
#define TOPLINE_CLIBPQ_SHIM_H

#include <poll.h>
#include <libpq-fe.h>

#endif
