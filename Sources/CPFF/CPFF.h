// libpff (Outlook PST/OST) and libbfio, whose memory-range handle lets libpff read a PST
// from memory: the extraction child has the file's bytes, not a path.
#include <libbfio.h>
#include <libpff.h>
