/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stage timing of the data path (kmod/prof.c): where a protected
 * segment's time goes, for `make bench` and for finding the next thing to
 * make faster. Off by default; then each mark costs one patched-out jump.
 * The protocol core marks its cipher and MAC; in userspace the marks are
 * nothing.
 */
#ifndef _TCPCRYPT_PROTO_PROF_H
#define _TCPCRYPT_PROTO_PROF_H

#include "compat.h"

/* Stages, each timed apart for out/in and data/pure ACK segments. */
#define TCPCRYPT_PROF_STAGES(X)						\
	X(HOOK,		"hook")		/* a protected segment in the hook */	\
	X(LOOKUP,	"lookup")	/* parse, classify, find the connection */ \
	X(OPTIONS,	"options")	/* build the option area */		\
	X(COPY,		"copy")		/* private payload copy, header room */	\
	X(LOCK,		"lock")		/* waiting for the connection's lock */	\
	X(CIPHER,	"cipher")	/* keystream */				\
	X(MAC,		"mac")		/* tag */				\
	X(CSUM,		"csum")		/* wire checksum */

enum tcpcrypt_prof_stage {
#define TCPCRYPT_PROF_ENUM(id, name) TCPCRYPT_PROF_##id,
	TCPCRYPT_PROF_STAGES(TCPCRYPT_PROF_ENUM)
#undef TCPCRYPT_PROF_ENUM
	TCPCRYPT_PROF_NSTAGES
};

#ifdef __KERNEL__

#include <linux/jump_label.h>
#include <linux/timekeeping.h>

DECLARE_STATIC_KEY_FALSE(tcpcrypt_prof_on);
void __tcpcrypt_prof_add(enum tcpcrypt_prof_stage st, bool in, bool data,
			 u64 t0);

/* A start time, or 0 when profiling is off. */
static __always_inline u64 tcpcrypt_prof_t(void)
{
	return static_branch_unlikely(&tcpcrypt_prof_on) ? ktime_get_ns() : 0;
}

/* Account the time since t0 (0: profiling was off at the start). */
static __always_inline void tcpcrypt_prof_add(enum tcpcrypt_prof_stage st,
					      bool in, bool data, u64 t0)
{
	if (static_branch_unlikely(&tcpcrypt_prof_on) && t0)
		__tcpcrypt_prof_add(st, in, data, t0);
}

#else /* userspace */

#define tcpcrypt_prof_t()			((u64)0)
#define tcpcrypt_prof_add(st, in, data, t0)	do { (void)(t0); } while (0)

#endif

#endif /* _TCPCRYPT_PROTO_PROF_H */
