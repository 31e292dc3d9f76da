// goleaks is a real Go program (the multi-threaded Go runtime, goroutines,
// Go's own thread preemption) that the Windows tests profile. It leaks known
// numbers of Event and File handles from named Go functions, each called on
// its own goroutine, and calls kernel32 the way Go programs do: through
// syscall.NewLazyDLL, that is runtime.cgocall on the system stack.
//
// usage: goleaks.exe [--go PATH] [--hold PATH] [--exit N]
//
//	prints "pid N"; with --go waits for PATH to exist before leaking; prints
//	"leaked"; with --hold waits for PATH to exist before exiting; exits N
//	(default 7).
//
// usage: goleaks.exe --serve
//
//	prints "pid N" and "port P", then echoes every line sent to
//	127.0.0.1:P back with "echo " in front, while other goroutines keep
//	creating and closing events; runs until killed.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

var (
	kernel32     = syscall.NewLazyDLL("kernel32.dll")
	createEventW = kernel32.NewProc("CreateEventW")
	createFileW  = kernel32.NewProc("CreateFileW")
	closeHandle  = kernel32.NewProc("CloseHandle")
)

const (
	genericWrite          = 0x40000000
	createAlways          = 2
	fileFlagDeleteOnClose = 0x04000000
)

// kept holds every leaked handle so nothing (no finalizer, no GC) closes it.
var (
	keptMu sync.Mutex
	kept   []uintptr
)

func keep(h uintptr) {
	keptMu.Lock()
	kept = append(kept, h)
	keptMu.Unlock()
}

//go:noinline
func leakEvents(n int) {
	for i := 0; i < n; i++ {
		h, _, _ := createEventW.Call(0, 1, 0, 0)
		keep(h)
	}
}

//go:noinline
func leakMoreEvents(n int) {
	for i := 0; i < n; i++ {
		h, _, _ := createEventW.Call(0, 1, 0, 0)
		keep(h)
	}
}

//go:noinline
func leakFiles(n int) {
	for i := 0; i < n; i++ {
		name := filepath.Join(os.TempDir(), fmt.Sprintf("handlespy-go-%d-%d.tmp", os.Getpid(), i))
		p, err := syscall.UTF16PtrFromString(name)
		if err != nil {
			panic(err)
		}
		h, _, _ := createFileW.Call(uintptr(unsafe.Pointer(p)), genericWrite, 0, 0, createAlways, fileFlagDeleteOnClose, 0)
		keep(h)
	}
}

// balancedEvents creates and closes: nothing of it may be reported.
//
//go:noinline
func balancedEvents(n int) {
	for i := 0; i < n; i++ {
		h, _, _ := createEventW.Call(0, 1, 0, 0)
		closeHandle.Call(h)
	}
}

// spin keeps a goroutine busy in Go code, where the runtime preempts it
// with SuspendThread from another thread.
//
//go:noinline
func spin(d time.Duration) uint64 {
	var x uint64
	for end := time.Now().Add(d); time.Now().Before(end); {
		for i := 0; i < 100000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	return x
}

func waitFor(path string) {
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func leakAll() {
	var wg sync.WaitGroup
	run := func(f func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	stop := time.Now().Add(300 * time.Millisecond)
	for i := 0; i < 4; i++ {
		run(func() { spin(time.Until(stop)) })
	}
	run(func() { leakEvents(5) })
	run(func() { leakMoreEvents(4) })
	run(func() { leakFiles(3) })
	for i := 0; i < 4; i++ {
		run(func() { balancedEvents(50) })
	}
	wg.Wait()
}

func serve() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("port %d\n", l.Addr().(*net.TCPAddr).Port)
	for i := 0; i < 3; i++ {
		go func() {
			for {
				balancedEvents(10)
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	for {
		c, err := l.Accept()
		if err != nil {
			continue
		}
		go func(c net.Conn) {
			defer c.Close()
			in := bufio.NewScanner(c)
			for in.Scan() {
				if _, err := fmt.Fprintf(c, "echo %s\n", in.Text()); err != nil {
					return
				}
			}
		}(c)
	}
}

func main() {
	var goPath, holdPath string
	exitCode := 7
	serving := false
	for i := 1; i < len(os.Args); i++ {
		switch a := os.Args[i]; {
		case a == "--go" && i+1 < len(os.Args):
			i++
			goPath = os.Args[i]
		case a == "--hold" && i+1 < len(os.Args):
			i++
			holdPath = os.Args[i]
		case a == "--exit" && i+1 < len(os.Args):
			i++
			n, err := strconv.Atoi(os.Args[i])
			if err != nil {
				fmt.Fprintln(os.Stderr, "--exit needs a number")
				os.Exit(2)
			}
			exitCode = n
		case a == "--serve":
			serving = true
		default:
			fmt.Fprintf(os.Stderr, "unknown argument %q\n", a)
			os.Exit(2)
		}
	}
	fmt.Printf("pid %d\n", os.Getpid())
	if serving {
		serve()
	}
	if goPath != "" {
		waitFor(goPath)
	}
	leakAll()
	fmt.Println("leaked")
	if holdPath != "" {
		waitFor(holdPath)
	}
	os.Exit(exitCode)
}
