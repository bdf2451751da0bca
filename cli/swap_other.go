//go:build !linux

package cli

import "errors"

// exchange is Linux's atomic swap of two paths; elsewhere commitDest falls
// back to two renames.
func exchange(a, b string) error { return errors.ErrUnsupported }
