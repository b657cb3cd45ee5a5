package testenv

import "syscall"

// ProcessCPU is the CPU time (user + system) this process has used, in nanoseconds: the
// figure benchmarks compare on a shared machine, where wall time moves with the neighbours.
func ProcessCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
