// SPDX-License-Identifier: LGPL-2.1
/*
 * Host-side unit test of libtcpcrypt's socket-free functions: the names of
 * the kernel's cipher ids both ways and hex formatting with its limits.
 * Prints TAP; exits non-zero on any failure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libtcpcrypt.h"

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

static int name_is(const char *got, const char *want)
{
	return got && !strcmp(got, want);
}

int main(void)
{
	static const uint8_t sid[TCP_CRYPT_SESSID_LEN] = {
		0x00, 0x01, 0x7f, 0x80, 0xab, 0xcd, 0xef, 0xff, [31] = 0x5a,
	};
	char buf[TCPCRYPT_SESSID_HEX_LEN + 8];

	ok(name_is(tcpcrypt_pubkey_name(TCP_CRYPT_PK_P256), "p256"), "p256");
	ok(name_is(tcpcrypt_pubkey_name(TCP_CRYPT_PK_X25519), "x25519"), "x25519");
	ok(name_is(tcpcrypt_pubkey_name(TCP_CRYPT_PK_RSA3), "rsa3"), "rsa3");
	ok(name_is(tcpcrypt_suite_name(TCP_CRYPT_SYM_CHACHA20_HMAC), "chacha20"),
	   "chacha20");
	ok(name_is(tcpcrypt_suite_name(TCP_CRYPT_SYM_AES128_HMAC), "aes128"), "aes128");
	errno = 0;
	ok(!tcpcrypt_pubkey_name(0) && errno == EINVAL, "pubkey 0 (resumed): NULL, EINVAL");
	errno = 0;
	ok(!tcpcrypt_suite_name(TCP_CRYPT_PK_X25519) && errno == EINVAL,
	   "a public-key id is no suite");
	ok(tcpcrypt_pubkey_id("x25519") == TCP_CRYPT_PK_X25519, "id of x25519");
	ok(tcpcrypt_suite_id("aes128") == TCP_CRYPT_SYM_AES128_HMAC, "id of aes128");
	errno = 0;
	ok(!tcpcrypt_suite_id("chacha20-hmac-sha256") && errno == EINVAL,
	   "no long suite names");
	errno = 0;
	ok(!tcpcrypt_pubkey_id(NULL) && errno == EINVAL, "id of NULL");

	ok(tcpcrypt_format_hex(sid, sizeof(sid), buf, TCPCRYPT_SESSID_HEX_LEN) == 64 &&
	   !strcmp(buf, "00017f80abcdefff0000000000000000"
			"0000000000000000000000000000005a"), "session ID in lowercase hex");
	memset(buf, 'x', sizeof(buf));
	errno = 0;
	ok(tcpcrypt_format_hex(sid, sizeof(sid), buf, TCPCRYPT_SESSID_HEX_LEN - 1) == -1 &&
	   errno == ERANGE && buf[0] == 'x', "one byte short: ERANGE, buffer untouched");
	ok(tcpcrypt_format_hex(sid, 0, buf, 1) == 0 && buf[0] == '\0', "nothing: empty string");
	errno = 0;
	ok(tcpcrypt_format_hex(sid, 0, buf, 0) == -1 && errno == ERANGE, "no room for the NUL");
	errno = 0;
	ok(tcpcrypt_format_hex(sid, (size_t)-1 / 2 + 1, buf, (size_t)-1) == -1 &&
	   errno == ERANGE, "length overflow");
	errno = 0;
	ok(tcpcrypt_format_hex(NULL, 1, buf, sizeof(buf)) == -1 && errno == EINVAL, "NULL bytes");
	errno = 0;
	ok(tcpcrypt_sessid_hex(-1, buf, TCPCRYPT_SESSID_HEX_LEN - 1) == -1 && errno == ERANGE,
	   "sessid_hex: short buffer before any socket call");
	errno = 0;
	ok(tcpcrypt_encrypted(-1) == -1 && errno == EBADF, "encrypted: bad descriptor");

	printf("1..%d\n", n);
	return failed != 0;
}
