// SPDX-License-Identifier: GPL-2.0
/*
 * One connection as the kernel describes it (TCPCRYPT_A_CONN), decoded,
 * and printed three ways: for people, as a tab-separated line for
 * scripts, and as JSON. show and monitor share them.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tcpcryptctl.h"

/*
 * Colour on a terminal only, as wg does; TCPCRYPTCTL_COLOR=always|never
 * overrides, and NO_COLOR (no-color.org) turns it off.
 */
bool tc_colour(void)
{
	static int cached = -1;
	const char *mode;

	if (cached >= 0)
		return cached;
	mode = getenv("TCPCRYPTCTL_COLOR");
	if (mode && !strcmp(mode, "always"))
		cached = 1;
	else if ((mode && !strcmp(mode, "never")) || getenv("NO_COLOR"))
		cached = 0;
	else
		cached = isatty(STDOUT_FILENO);
	return cached;
}

static const char *const tc_state_names[__TCPCRYPT_CONN_STATE_MAX] = {
	[TCPCRYPT_CONN_SYN_SENT] = "syn-sent",
	[TCPCRYPT_CONN_SYN_RCVD] = "syn-rcvd",
	[TCPCRYPT_CONN_INIT1_READY] = "init1-ready",
	[TCPCRYPT_CONN_INIT1_SENT] = "init1-sent",
	[TCPCRYPT_CONN_KEYING] = "keying",
	[TCPCRYPT_CONN_ENCRYPTING] = "encrypting",
	[TCPCRYPT_CONN_FAILED] = "failed",
};

const char *tc_state_name(int state)
{
	if (state < 0 || state >= __TCPCRYPT_CONN_STATE_MAX)
		return "unknown";
	return tc_state_names[state];
}

static void tc_endpoint(char *buf, size_t len, char *abuf, uint8_t *bin,
			unsigned int *pport, int family,
			const struct nlattr *addr, const struct nlattr *port)
{
	unsigned int p = port ? mnl_attr_get_u16(port) : 0;
	size_t alen = family == AF_INET ? 4 : 16;

	strcpy(abuf, "?");
	if (addr && mnl_attr_get_payload_len(addr) == alen) {
		memcpy(bin, mnl_attr_get_payload(addr), alen);
		inet_ntop(family, bin, abuf, INET6_ADDRSTRLEN);
	}
	*pport = p;
	if (family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", abuf, p);
	else
		snprintf(buf, len, "%s:%u", abuf, p);
}

static uint64_t tc_u64(const struct nlattr *a)
{
	return a ? mnl_attr_get_u64(a) : 0;
}

int tc_conn_parse(const struct nlattr *nest, struct tc_conn *c)
{
	const struct nlattr *tb[TCPCRYPT_CONN_A_MAX + 1];

	memset(c, 0, sizeof(*c));
	tc_nl_parse_nested(nest, tb, TCPCRYPT_CONN_A_MAX);
	if (!tb[TCPCRYPT_CONN_A_FAMILY] || !tb[TCPCRYPT_CONN_A_STATE] ||
	    !tb[TCPCRYPT_CONN_A_ROLE])
		return -1;
	c->family = mnl_attr_get_u16(tb[TCPCRYPT_CONN_A_FAMILY]);
	tc_endpoint(c->local, sizeof(c->local), c->laddr, c->lbin, &c->lport,
		    c->family, tb[TCPCRYPT_CONN_A_LOCAL_ADDR],
		    tb[TCPCRYPT_CONN_A_LOCAL_PORT]);
	tc_endpoint(c->remote, sizeof(c->remote), c->raddr, c->rbin, &c->rport,
		    c->family, tb[TCPCRYPT_CONN_A_REMOTE_ADDR],
		    tb[TCPCRYPT_CONN_A_REMOTE_PORT]);
	c->role = mnl_attr_get_u8(tb[TCPCRYPT_CONN_A_ROLE]);
	c->state = mnl_attr_get_u8(tb[TCPCRYPT_CONN_A_STATE]);
	if (tb[TCPCRYPT_CONN_A_PUBKEY] &&
	    !mnl_attr_validate(tb[TCPCRYPT_CONN_A_PUBKEY], MNL_TYPE_NUL_STRING))
		c->pubkey = mnl_attr_get_str(tb[TCPCRYPT_CONN_A_PUBKEY]);
	if (tb[TCPCRYPT_CONN_A_SUITE] &&
	    !mnl_attr_validate(tb[TCPCRYPT_CONN_A_SUITE], MNL_TYPE_NUL_STRING))
		c->suite = mnl_attr_get_str(tb[TCPCRYPT_CONN_A_SUITE]);
	if (tb[TCPCRYPT_CONN_A_SID] &&
	    mnl_attr_get_payload_len(tb[TCPCRYPT_CONN_A_SID]) == TCP_CRYPT_SESSID_LEN) {
		memcpy(c->sid, mnl_attr_get_payload(tb[TCPCRYPT_CONN_A_SID]),
		       TCP_CRYPT_SESSID_LEN);
		c->has_sid = true;
	}
	if (tb[TCPCRYPT_CONN_A_APP])
		c->app = mnl_attr_get_u8(tb[TCPCRYPT_CONN_A_APP]);
	c->legacy = tb[TCPCRYPT_CONN_A_LEGACY] != NULL;
	c->age_ms = tc_u64(tb[TCPCRYPT_CONN_A_AGE_MS]);
	c->segs_out = tc_u64(tb[TCPCRYPT_CONN_A_SEGS_OUT]);
	c->segs_in = tc_u64(tb[TCPCRYPT_CONN_A_SEGS_IN]);
	c->bytes_out = tc_u64(tb[TCPCRYPT_CONN_A_BYTES_OUT]);
	c->bytes_in = tc_u64(tb[TCPCRYPT_CONN_A_BYTES_IN]);
	c->mac_failures = tc_u64(tb[TCPCRYPT_CONN_A_MAC_FAILURES]);
	return 0;
}

static const char *tc_role(const struct tc_conn *c)
{
	return c->role == TCP_CRYPT_ROLE_CLIENT ? "client" : "server";
}

static const char *tc_app(const struct tc_conn *c)
{
	switch (c->app & (TCPCRYPT_CONN_APP_CLIENT | TCPCRYPT_CONN_APP_SERVER)) {
	case TCPCRYPT_CONN_APP_CLIENT:
		return "client";
	case TCPCRYPT_CONN_APP_SERVER:
		return "server";
	case TCPCRYPT_CONN_APP_CLIENT | TCPCRYPT_CONN_APP_SERVER:
		return "client,server";
	}
	return "none";
}

static void tc_hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void tc_bytes(FILE *f, uint64_t b)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = b;
	int i = -1;

	if (b < 1024) {
		fprintf(f, "%" PRIu64 " B", b);
		return;
	}
	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	fprintf(f, "%.2f %s", v, unit[i]);
}

void tc_conn_print_pretty(FILE *f, const struct tc_conn *c, const struct opts *o)
{
	bool col = tc_colour();
	const char *b = col ? TC_BOLD : "", *r = col ? TC_RESET : "";
	const char *sc = "";
	char sid[2 * TCP_CRYPT_SESSID_LEN + 1];

	if (col)
		sc = c->state == TCPCRYPT_CONN_ENCRYPTING ? TC_GREEN :
		     c->state == TCPCRYPT_CONN_FAILED ? TC_RED : TC_YELLOW;
	fprintf(f, "%s%sconn%s: %s %s %s\n", b, col ? TC_GREEN : "", r,
		c->local, o->arrow, c->remote);
	fprintf(f, "  %srole%s: %s\n", b, r, tc_role(c));
	fprintf(f, "  %sstate%s: %s%s%s\n", b, r, sc, tc_state_name(c->state), r);
	if (c->has_sid) {
		tc_hex(sid, c->sid, TCP_CRYPT_SESSID_LEN);
		/* Eight bytes tell sessions apart on a screen; -v for all. */
		if (!o->verbose)
			snprintf(sid + 16, sizeof(sid) - 16, "%s", o->ellipsis);
		fprintf(f, "  %ssession id%s: %s\n", b, r, sid);
	}
	if (c->pubkey)
		fprintf(f, "  %spublic key%s: %s\n", b, r, c->pubkey);
	if (c->suite)
		fprintf(f, "  %ssuite%s: %s\n", b, r, c->suite);
	if (c->has_sid)
		fprintf(f, "  %sapplication aware%s: %s\n", b, r, tc_app(c));
	if (c->legacy)
		fprintf(f, "  %speer%s: tcpcryptd v0.2 format\n", b, r);
	fprintf(f, "  %sage%s: %" PRIu64 ".%01" PRIu64 " s\n", b, r,
		c->age_ms / 1000, c->age_ms % 1000 / 100);
	fprintf(f, "  %stransfer%s: ", b, r);
	tc_bytes(f, c->bytes_in);
	fprintf(f, " received in %" PRIu64 " segments, ", c->segs_in);
	tc_bytes(f, c->bytes_out);
	fprintf(f, " sent in %" PRIu64 " segments\n", c->segs_out);
	fprintf(f, "  %sMAC failures%s: %s%" PRIu64 "%s\n", b, r,
		col && c->mac_failures ? TC_RED : "", c->mac_failures,
		col && c->mac_failures ? TC_RESET : "");
}

/* Fields as tcpcryptctl.8 lists them under "show dump"; "-" when absent. */
void tc_conn_print_dump(FILE *f, const struct tc_conn *c)
{
	char sid[2 * TCP_CRYPT_SESSID_LEN + 1] = "-";

	if (c->has_sid)
		tc_hex(sid, c->sid, TCP_CRYPT_SESSID_LEN);
	fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%" PRIu64 "\t%" PRIu64
		"\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n",
		c->local, c->remote, tc_role(c), tc_state_name(c->state),
		c->pubkey ? c->pubkey : "-", c->suite ? c->suite : "-", sid,
		c->has_sid ? tc_app(c) : "-", c->legacy, c->age_ms,
		c->bytes_out, c->bytes_in, c->segs_out, c->segs_in,
		c->mac_failures);
}

/* Kernel strings are cipher names, but quote them properly anyway. */
static void tc_json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

void tc_conn_print_json(FILE *f, const struct tc_conn *c)
{
	char sid[2 * TCP_CRYPT_SESSID_LEN + 1];

	fprintf(f, "{\"family\": \"%s\", \"local_addr\": ",
		c->family == AF_INET6 ? "ipv6" : "ipv4");
	tc_json_str(f, c->laddr);
	fprintf(f, ", \"local_port\": %u, \"peer_addr\": ", c->lport);
	tc_json_str(f, c->raddr);
	fprintf(f, ", \"peer_port\": %u, \"role\": \"%s\", \"state\": \"%s\", \"public_key\": ",
		c->rport, tc_role(c), tc_state_name(c->state));
	tc_json_str(f, c->pubkey);
	fputs(", \"suite\": ", f);
	tc_json_str(f, c->suite);
	fputs(", \"session_id\": ", f);
	if (c->has_sid) {
		tc_hex(sid, c->sid, TCP_CRYPT_SESSID_LEN);
		tc_json_str(f, sid);
	} else {
		fputs("null", f);
	}
	fputs(", \"app_aware\": ", f);
	if (c->has_sid)
		fprintf(f, "{\"client\": %s, \"server\": %s}",
			c->app & TCPCRYPT_CONN_APP_CLIENT ? "true" : "false",
			c->app & TCPCRYPT_CONN_APP_SERVER ? "true" : "false");
	else
		fputs("null", f);
	fprintf(f, ", \"legacy_peer\": %s, \"age_ms\": %" PRIu64
		", \"bytes_out\": %" PRIu64 ", \"bytes_in\": %" PRIu64
		", \"segs_out\": %" PRIu64 ", \"segs_in\": %" PRIu64
		", \"mac_failures\": %" PRIu64 "}",
		c->legacy ? "true" : "false", c->age_ms, c->bytes_out,
		c->bytes_in, c->segs_out, c->segs_in, c->mac_failures);
}
