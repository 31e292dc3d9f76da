// A Go program (built with cgo, so it is dynamically linked and loads the
// hook): it opens /dev/null 3 times without closing, through Go's os package,
// whose runtime makes the system calls itself. HandleSpy cannot see those;
// the recording must say so.
package main

// #include <unistd.h>
import "C"

import (
	"fmt"
	"os"
)

var kept []*os.File

func main() {
	for i := 0; i < 3; i++ {
		f, err := os.Open("/dev/null")
		if err != nil {
			os.Exit(90)
		}
		kept = append(kept, f)
	}
	fmt.Println("go leaked", len(kept), "pid", int(C.getpid()))
}
