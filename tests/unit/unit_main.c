// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test runner for the protocol core (Check framework).
 */
#include <stdio.h>
#include "unit.h"

size_t unit_hex(u8 *buf, size_t room, const char *hex)
{
	size_t n = 0;
	unsigned int v;

	while (hex[0] && hex[1]) {
		if (hex[0] == ' ') {
			hex++;
			continue;
		}
		ck_assert_uint_lt(n, room);
		ck_assert_int_eq(sscanf(hex, "%2x", &v), 1);
		buf[n++] = v;
		hex += 2;
	}
	return n;
}

int main(void)
{
	SRunner *sr = srunner_create(tcpopt_suite());
	int failed;

	srunner_add_suite(sr, init_msg_suite());
	srunner_add_suite(sr, keysched_suite());
	srunner_add_suite(sr, symsuite_suite());
	srunner_add_suite(sr, pubkey_suite());
	srunner_add_suite(sr, optpack_suite());
	srunner_add_suite(sr, rsa_suite());
	srunner_add_suite(sr, poly_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
