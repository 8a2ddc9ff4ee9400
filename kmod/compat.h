/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel API differences between the releases the module builds for
 * (6.1 to 6.12), all in one place, so that no code path tests a version.
 */
#ifndef _TCPCRYPT_COMPAT_H
#define _TCPCRYPT_COMPAT_H

#include <linux/version.h>

/* 6.12 moved the unaligned accessors out of asm/. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.5 moved skb_gso_segment() to a header of its own. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/* 6.11 passes sysctl handlers a const table. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define tcpcrypt_ctl_table const struct ctl_table
#else
#define tcpcrypt_ctl_table struct ctl_table
#endif

/*
 * From 6.6 a table is registered with its number of entries (the
 * register_net_sysctl() macro takes ARRAY_SIZE, which a table copied per
 * namespace is not); n counts the entries before the terminating one.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define tcpcrypt_register_net_sysctl(net, path, t, n) \
	register_net_sysctl_sz(net, path, t, n)
#else
#define tcpcrypt_register_net_sysctl(net, path, t, n) \
	register_net_sysctl(net, path, t)
#endif

/*
 * 6.11 dropped mpi_set() and mpi_invm() and made the MPI arithmetic report
 * a failed allocation; before, it returned nothing. tcpcrypt_mpi(call)
 * is the call's status on both.
 */
#include <linux/mpi.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define tcpcrypt_mpi(call) (call)
static inline int tcpcrypt_mpi_set(MPI w, MPI u)
{
	struct gcry_mpi zero = {};

	return mpi_add(w, u, &zero);
}
#else
#define tcpcrypt_mpi(call) ({ call; 0; })
static inline int tcpcrypt_mpi_set(MPI w, MPI u)
{
	return mpi_set(w, u) ? 0 : -ENOMEM;
}
#endif

/* 6.3 renamed the KUnit assertion that fails and stops a case. */
#if defined(KUNIT_FAIL_AND_ABORT) && !defined(KUNIT_ASSERT_FAILURE)
#define KUNIT_ASSERT_FAILURE(test, fmt, ...) \
	KUNIT_FAIL_AND_ABORT(test, fmt, ##__VA_ARGS__)
#endif

#endif
