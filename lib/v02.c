// SPDX-License-Identifier: LGPL-2.1
/*
 * libtcpcrypt: v0.2's tcpcrypt_getsockopt()/tcpcrypt_setsockopt() on the
 * module's socket options (the mapping is in <tcpcrypt/tcpcrypt.h>).
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include <linux/tcpcrypt.h>
#include "internal.h"

/*
 * The module's numbers, taken before v0.2's header gives three of their
 * names other values.
 */
enum {
	K_ENABLE = TCP_CRYPT_ENABLE,
	K_CMODE = TCP_CRYPT_CMODE,
	K_SESSID = TCP_CRYPT_SESSID,
	K_SUPPORT = TCP_CRYPT_SUPPORT,
	K_DEFAULT = TCP_CRYPT_CMODE_DEFAULT,
	K_ALWAYS = TCP_CRYPT_CMODE_ALWAYS,
	K_NK = TCP_CRYPT_CMODE_NK,
	K_SID_LEN = TCP_CRYPT_SESSID_LEN,
};
#undef TCP_CRYPT_ENABLE
#undef TCP_CRYPT_CMODE
#undef TCP_CRYPT_SESSID

#include "tcpcrypt/tcpcrypt.h"

_Static_assert(K_SID_LEN == TCPCRYPT_SID_MAXLEN, "session ID lengths differ");

static int get_int(int s, int opt, int *v)
{
	socklen_t len = sizeof(*v);

	return tc_getopt(s, opt, v, &len);
}

/*
 * v0.2's CMODE (any non-zero value is "always", 0 is not) and NOCACHE (the
 * module's _NK bit) are two halves of the module's cmode: each keeps the
 * other, and CMODE 0 leaves NEVER (ENABLE 0) alone.
 */
static int update_cmode(int s, int optname, int v)
{
	int mode;

	if (get_int(s, K_CMODE, &mode))
		return -1;
	if (optname == TCP_CRYPT_NOCACHE)
		mode = v ? mode | K_NK : mode & ~K_NK;
	else if (v)
		mode = (mode & K_NK) | K_ALWAYS;
	else if ((mode & ~K_NK) == K_ALWAYS)
		mode = (mode & K_NK) | K_DEFAULT;
	return tc_setopt(s, K_CMODE, &mode, sizeof(mode));
}

/* An int of the result into optval, truncated to *optlen as v0.2 did. */
static int put_int(int v, void *optval, socklen_t *optlen)
{
	if (*optlen > sizeof(v))
		*optlen = sizeof(v);
	memcpy(optval, &v, *optlen);
	return 0;
}

static int get_sessid(int s, uint8_t *out, socklen_t *optlen)
{
	uint8_t sid[K_SID_LEN];
	socklen_t len = sizeof(sid);

	if (tc_getopt(s, K_SESSID, sid, &len))
		return -1;
	if (*optlen > len)
		*optlen = len;
	memcpy(out, sid, *optlen);
	return 0;
}

/* Pointers present and v0.2's only level, or errno set and 1. */
static int bad_args(int pointers, int level)
{
	if (!pointers)
		errno = EFAULT;
	else if (level != IPPROTO_TCP)
		errno = EINVAL;
	else
		return 0;
	return 1;
}

int tcpcrypt_getsockopt(int s, int level, int optname, void *optval,
			socklen_t *optlen)
{
	uint8_t *p = optval;
	socklen_t len;
	int v;

	if (bad_args(optval && optlen, level))
		return -1;
	switch (optname) {
	case TCP_CRYPT_ENABLE:
		if (get_int(s, K_ENABLE, &v))
			return -1;
		return put_int(v, optval, optlen);
	case TCP_CRYPT_CMODE:
		if (get_int(s, K_CMODE, &v))
			return -1;
		return put_int((v & ~K_NK) == K_ALWAYS, optval, optlen);
	case TCP_CRYPT_NOCACHE:
		if (get_int(s, K_CMODE, &v))
			return -1;
		return put_int(!!(v & K_NK), optval, optlen);
	case TCP_CRYPT_SESSID:
		return get_sessid(s, p, optlen);
	case TCP_CRYPT_APP_SUPPORT:
		if (*optlen < 1 + TCPCRYPT_SID_MAXLEN) {
			errno = EINVAL;
			return -1;
		}
		len = TCPCRYPT_SID_MAXLEN;
		if (get_sessid(s, p + 1, &len) || get_int(s, K_SUPPORT, &v))
			return -1;
		p[0] = v;
		*optlen = 1 + len;
		return 0;
	}
	errno = ENOPROTOOPT;
	return -1;
}

int tcpcrypt_setsockopt(int s, int level, int optname, const void *optval,
			socklen_t optlen)
{
	int v;

	if (bad_args(optval != NULL, level))
		return -1;
	switch (optname) {
	case TCP_CRYPT_ENABLE:
	case TCP_CRYPT_CMODE:
	case TCP_CRYPT_NOCACHE:
	case TCP_CRYPT_APP_SUPPORT:
		if (optlen != sizeof(v)) {
			errno = EINVAL;
			return -1;
		}
		memcpy(&v, optval, sizeof(v));
		break;
	case TCP_CRYPT_SESSID:
		errno = EINVAL;		/* read-only */
		return -1;
	default:
		errno = ENOPROTOOPT;
		return -1;
	}
	switch (optname) {
	case TCP_CRYPT_ENABLE:
		return tc_setopt(s, K_ENABLE, &v, sizeof(v));
	case TCP_CRYPT_CMODE:
	case TCP_CRYPT_NOCACHE:
		return update_cmode(s, optname, v);
	default:
		return tc_setopt(s, K_SUPPORT, &v, sizeof(v));
	}
}

void tcpcrypt_setparam(int param, void *val)
{
	/* Only TCPCRYPT_PARAM_CTLPATH existed: the daemon's address. */
	(void)param;
	(void)val;
}
