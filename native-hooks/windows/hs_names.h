/* Full object names and token facts, as a Windows developer reads them.
 * Shared by the hook DLL (inside hooked calls: no allocation, no locks, only
 * ntdll calls that are not hooked themselves or run under the caller's guard)
 * and the injector (the SNAPSHOT of handles open at attach). */
#ifndef HS_NAMES_H
#define HS_NAMES_H

#include <windows.h>
#include <winternl.h>
#include <stdint.h>
#include "handlespy_protocol.h"

#define HS_NAME_CHARS 1024     /* UTF-16 units of a resolved name */
#define HS_ACCOUNT_CHARS 256   /* UTF-16 units of DOMAIN\name or a SID */

/* Once, outside any hook: the ntdll entry points, the current user's SID and
 * account name (HKCU, token users) and the DOS drive of each volume device. */
void hs_names_init(void);

/* The display name of an object opened by `name` relative to `root` (NULL for
 * an absolute name): the root's kernel name joined with `name`, then written
 * as users read it (HKLM\..., HKCU\..., C:\...). Returns UTF-16 units in out. */
uint32_t hs_full_name(HANDLE root, const UNICODE_STRING *name, WCHAR *out, uint32_t cap);

/* The display name of an open handle, from its kernel name. */
uint32_t hs_handle_name(HANDLE h, WCHAR *out, uint32_t cap);

/* A kernel object name (\REGISTRY\MACHINE\..., \??\C:\..., \Device\HarddiskVolume1\...)
 * as users read it; other names are copied unchanged. */
uint32_t hs_display_name(const WCHAR *nt, uint32_t chars, WCHAR *out, uint32_t cap);

/* Fills the fixed part of a TOKEN frame (all but time and handle) and the
 * account; 0 when the token cannot be queried, even through a TOKEN_QUERY copy. */
int hs_token_facts(HANDLE token, hs_token *facts, WCHAR *account, uint32_t cap, uint32_t *account_len);

#endif
