/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suites share: a namespace state of the module's own,
 * tied to init_net (no socket there has the test tuples, so the GC finds
 * none), and counter totals.
 */
#ifndef _TCPCRYPT_KUNIT_FIXTURE_H
#define _TCPCRYPT_KUNIT_FIXTURE_H

#include <kunit/test.h>

#include "../tcpcrypt.h"

struct tcpcrypt_net;

/*
 * tn zeroed by the caller. no_gc: no periodic GC, for cases that run the GC
 * themselves or must not see it run.
 */
int tcpcrypt_test_net_init(struct kunit *test, struct tcpcrypt_net *tn,
			   unsigned int max_conns, unsigned int max_handshakes,
			   bool no_gc);
/* Empties the table and expects every entry gone once RCU has run. */
void tcpcrypt_test_net_exit(struct kunit *test, struct tcpcrypt_net *tn);
unsigned long tcpcrypt_test_stat(struct tcpcrypt_net *tn, enum tcpcrypt_stat id);

#endif
