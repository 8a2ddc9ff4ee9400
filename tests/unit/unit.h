/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPCRYPT_UNIT_H
#define _TCPCRYPT_UNIT_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../kmod/proto/compat.h"
#include "../../kmod/proto/wire.h"
#include "../../kmod/proto/crypto.h"
#include "../../kmod/proto/tcpopt.h"
#include "../../kmod/proto/init_msg.h"
#include "../../kmod/proto/pubkey.h"
#include "../../kmod/proto/keysched.h"
#include "../../kmod/proto/suite.h"
#include "../../kmod/proto/kat.h"

Suite *tcpopt_suite(void);
Suite *init_msg_suite(void);
Suite *keysched_suite(void);
Suite *symsuite_suite(void);
Suite *pubkey_suite(void);
Suite *optpack_suite(void);
Suite *rsa_suite(void);
Suite *poly_suite(void);

/* Decode a hex string into buf; returns the byte count. */
size_t unit_hex(u8 *buf, size_t room, const char *hex);

#endif /* _TCPCRYPT_UNIT_H */
