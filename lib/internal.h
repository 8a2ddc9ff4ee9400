/* SPDX-License-Identifier: LGPL-2.1 */
/* libtcpcrypt's own helpers, shared by its files and not exported. */
#ifndef LIBTCPCRYPT_INTERNAL_H
#define LIBTCPCRYPT_INTERNAL_H

#include <sys/socket.h>

/* get/setsockopt at IPPROTO_TCP after attaching the ULP. */
int tc_getopt(int fd, int opt, void *val, socklen_t *len);
int tc_setopt(int fd, int opt, const void *val, socklen_t len);

#endif /* LIBTCPCRYPT_INTERNAL_H */
