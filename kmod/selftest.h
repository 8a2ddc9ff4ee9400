/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPCRYPT_SELFTEST_H
#define _TCPCRYPT_SELFTEST_H

/*
 * Run the known-answer vectors through the kernel crypto backend.
 * Process context only (P-256 sleeps). Returns 0 or -errno.
 */
int tcpcrypt_selftest(void);

#endif /* _TCPCRYPT_SELFTEST_H */
