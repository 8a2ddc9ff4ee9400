/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of tcpcryptctl share: exit codes, options, the netlink
 * layer (nl.c), the connection decoding and printing (conn.c) and the
 * commands.
 */
#ifndef TCPCRYPTCTL_H
#define TCPCRYPTCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/tcpcrypt.h>

/* Exit codes, documented in tcpcryptctl.8 and usage(). */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,		/* the request failed */
	EXIT_USAGE = 2,		/* bad command line or refused value */
	EXIT_NOT_LOADED = 3,	/* the tcpcrypt module is not loaded */
	EXIT_PERM = 4,		/* needs CAP_NET_ADMIN in the namespace */
};

struct opts {
	bool json;
	bool verbose;
	/* For people: "⇄" and "…" in a UTF-8 locale, else "<->" and "...". */
	const char *arrow;
	const char *ellipsis;
};

/* ---- nl.c ---- */
struct tc_nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t events_group;
	uint32_t portid;
	unsigned int seq;
	const char *what;	/* the command, for messages */
	/* Name of a request's attribute, for messages; NULL: none. */
	const char *(*attr_name)(int type);
};

int tc_nl_open(struct tc_nl *t, const char *what);
void tc_nl_close(struct tc_nl *t);
/* A request of the tcpcrypt family in buf (at least MNL_SOCKET_BUFFER_SIZE). */
struct nlmsghdr *tc_nl_msg(struct tc_nl *t, void *buf, uint8_t cmd,
			   uint16_t flags);
/* Send, then run cb on each reply until done; returns an exit code. */
int tc_nl_talk(struct tc_nl *t, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* Receive buffer, large enough for any one reply. */
extern char tc_nl_buf[];
extern const size_t tc_nl_buf_size;
/* Print the message for a failed request; returns the exit code. */
int tc_nl_error(const struct tc_nl *t, int err, const char *extack);
/* Parse the attributes of a nest (or a message) into tb[0..max]. */
int tc_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		       unsigned int max);
int tc_nl_parse_msg(const struct nlmsghdr *nlh, const struct nlattr **tb,
		    unsigned int max);

/* ---- conn.c ---- */
struct tc_conn {
	int family;
	char local[64];		/* a.b.c.d:port or [v6]:port */
	char remote[64];
	char laddr[46], raddr[46];	/* the addresses alone */
	uint8_t lbin[16], rbin[16];	/* and as bytes, for filters */
	unsigned int lport, rport;
	int role;
	int state;
	const char *pubkey;	/* NULL: not chosen yet */
	const char *suite;	/* NULL: not encrypting */
	bool has_sid;
	uint8_t sid[TCP_CRYPT_SESSID_LEN];
	int app;
	bool legacy;
	uint64_t age_ms;
	uint64_t segs_out, segs_in, bytes_out, bytes_in, mac_failures;
};

int tc_conn_parse(const struct nlattr *nest, struct tc_conn *c);
const char *tc_state_name(int state);
void tc_conn_print_pretty(FILE *f, const struct tc_conn *c, const struct opts *o);
void tc_conn_print_dump(FILE *f, const struct tc_conn *c);
void tc_conn_print_json(FILE *f, const struct tc_conn *c);

/* ---- colour (conn.c) ---- */
bool tc_colour(void);
#define TC_BOLD		"\033[1m"
#define TC_GREEN	"\033[32m"
#define TC_YELLOW	"\033[33m"
#define TC_RED		"\033[31m"
#define TC_RESET	"\033[0m"

/* ---- settings.c ---- */
enum setting_kind { K_ONOFF, K_NUM, K_LIST, K_PORTS, K_ADDRS, K_CMODE, K_RSA };

struct setting {
	const char *name;	/* the sysctl's */
	int attr;		/* TCPCRYPT_A_* that carries it */
	enum setting_kind kind;
	const char *valid;	/* what a refusal names as valid; K_NUM: NULL */
};

/* Every setting, in the order get prints them. */
extern const struct setting settings[];
extern const int nsettings;

struct cmode_name {
	uint16_t cmode;		/* TCP_CRYPT_CMODE_* */
	const char *name;	/* as the sysctl default_cmode spells it */
};

extern const struct cmode_name cmodes[];
extern const unsigned int ncmodes;

#define SETTING_NAMES "enabled, max_conns, max_handshakes, pubkeys, suites, legacy, " \
	"exclude_ports, exclude_addrs, default_cmode, key_lifetime, key_max_uses, " \
	"cache_max, cache_lifetime"
#define GET_SETTINGS SETTING_NAMES ", rsa_key"
#define SET_SETTINGS SETTING_NAMES

/* The range of a numeric setting by its attribute; -1 if it has none. */
int range_of(int attr, unsigned long *min, unsigned long *max);
/* What a refusal of setting s names as valid (buf for ranges). */
const char *setting_valid(int s, char *buf, size_t len);
/* A setting by its name or an old alias (with a note to stderr); or -1. */
int setting_find(const char *name, const char *cmd);
/* For refusals: the setting a SET_CONFIG attribute carries. */
const char *setting_of_attr(int type);

/* ---- commands ---- */
int cmd_show(int argc, char **argv, const struct opts *o);
int cmd_stats(int argc, char **argv, const struct opts *o);
int cmd_get(int argc, char **argv, const struct opts *o);
int cmd_set(int argc, char **argv, const struct opts *o);
int cmd_refresh(int argc, char **argv, const struct opts *o);
int cmd_flush(int argc, char **argv, const struct opts *o);
int cmd_rsakey(int argc, char **argv, const struct opts *o);
int cmd_monitor(int argc, char **argv, const struct opts *o);

#endif
