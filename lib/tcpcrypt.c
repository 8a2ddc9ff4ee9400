// SPDX-License-Identifier: LGPL-2.1
/*
 * libtcpcrypt: the socket side, over the TCP_CRYPT_* options of the
 * "tcpcrypt" ULP (see <linux/tcpcrypt.h> for what each one does).
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "libtcpcrypt.h"
#include "internal.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

/* The kernel's limit on a ULP's name (TCP_ULP_NAME_MAX). */
#define ULP_NAME_MAX	16

int tcpcrypt_attach(int fd)
{
	char name[ULP_NAME_MAX + 1] = "";
	socklen_t len = ULP_NAME_MAX;

	/*
	 * A second TCP_ULP fails with EEXIST whichever ULP is there: look
	 * first, so that attaching is idempotent and EEXIST means another ULP.
	 */
	if (!getsockopt(fd, IPPROTO_TCP, TCP_ULP, name, &len) &&
	    !strcmp(name, TCP_CRYPT_ULP_NAME))
		return 0;
	return setsockopt(fd, IPPROTO_TCP, TCP_ULP, TCP_CRYPT_ULP_NAME,
			  sizeof(TCP_CRYPT_ULP_NAME));
}

int tc_getopt(int fd, int opt, void *val, socklen_t *len)
{
	if (tcpcrypt_attach(fd))
		return -1;
	return getsockopt(fd, IPPROTO_TCP, opt, val, len);
}

int tc_setopt(int fd, int opt, const void *val, socklen_t len)
{
	if (tcpcrypt_attach(fd))
		return -1;
	return setsockopt(fd, IPPROTO_TCP, opt, val, len);
}

int tcpcrypt_require(int fd)
{
	int mode = TCP_CRYPT_CMODE_ALWAYS;

	return tc_setopt(fd, TCP_CRYPT_CMODE, &mode, sizeof(mode));
}

int tcpcrypt_sessid(int fd, uint8_t sid[TCP_CRYPT_SESSID_LEN])
{
	socklen_t len = TCP_CRYPT_SESSID_LEN;

	return tc_getopt(fd, TCP_CRYPT_SESSID, sid, &len);
}

int tcpcrypt_sessid_hex(int fd, char *buf, size_t len)
{
	uint8_t sid[TCP_CRYPT_SESSID_LEN];

	/* Checked first: a full handshake wait must not end in ERANGE. */
	if (len < TCPCRYPT_SESSID_HEX_LEN) {
		errno = ERANGE;
		return -1;
	}
	if (tcpcrypt_sessid(fd, sid))
		return -1;
	tcpcrypt_format_hex(sid, sizeof(sid), buf, len);
	return 0;
}

int tcpcrypt_encrypted(int fd)
{
	uint8_t sid[TCP_CRYPT_SESSID_LEN];

	if (!tcpcrypt_sessid(fd, sid))
		return 1;
	/* ENOENT: no module here, so nothing encrypts this connection. */
	return errno == ENODATA || errno == ENOENT ? 0 : -1;
}

int tcpcrypt_conf(int fd, struct tcp_crypt_conf *conf)
{
	socklen_t len = sizeof(*conf);

	return tc_getopt(fd, TCP_CRYPT_CONF, conf, &len);
}
