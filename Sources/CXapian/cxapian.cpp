#include <xapian.h>
#include "cxapian.h"

extern "C" const char *cxapian_version(void) {
    return Xapian::version_string();
}
