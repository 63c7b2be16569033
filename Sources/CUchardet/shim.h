#ifndef EVIDENCE_CUCHARDET_SHIM_H
#define EVIDENCE_CUCHARDET_SHIM_H
#include <uchardet/uchardet.h>
#endif
