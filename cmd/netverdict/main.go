// Command netverdict answers whether a flow gets through an AWS network, and
// which rule decided it, layer by layer.
//
//	netverdict serve [--config FILE]... [--listen ADDR] [--metrics-listen ADDR] [--data-dir DIR]
//	netverdict eval [--config FILE]... [--server ADDR] [--flows FILE|-] [--flow JSON] [--output json|table]
//	netverdict whatif --base FILE... --proposed FILE... --flows FILE [--fail-on CLASSES] [--report markdown|json --report-file F]
//	netverdict hash-token --name NAME [--scope all|evaluate] < token
//
// Exit status: 0 when the command ran (whatever the verdicts), 2 on bad input
// (the error goes to stderr), 1 on an internal failure.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// exitUsage is the exit status for bad input (architecture section 4).
const exitUsage = 2

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runContext(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError marks an error caused by the caller's input: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

const topUsage = `netverdict: would this flow get through this AWS network, and which rule decided it?

Usage:
  netverdict serve [--config FILE]... [--listen ADDR] [--metrics-listen ADDR] [--data-dir DIR]
  netverdict eval [--config FILE]... [--server ADDR] [--flows FILE|-] [--flow JSON] [--output json|table]
  netverdict whatif --base FILE... --proposed FILE... --flows FILE [--fail-on CLASSES] [--report markdown|json --report-file F]
  netverdict hash-token --name NAME [--scope all|evaluate] < token   (a line for serve --auth-tokens)

Run "netverdict serve -h" or "netverdict eval -h" for the flags.
`

// run is main without the process: tests call it directly.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdin, stdout, stderr)
}

// runContext is run until ctx is done (serve stops gracefully then).
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "eval":
		err = runEval(ctx, args[1:], stdin, stdout, stderr)
	case "serve":
		err = runServe(ctx, args[1:], stdout, stderr)
	case "hash-token":
		err = runHashToken(args[1:], stdin, stdout, stderr)
	case "whatif":
		err = runWhatIf(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, topUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "netverdict: unknown command %q\n\n%s", args[0], topUsage)
		return exitUsage
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "netverdict %s: %v\n", args[0], err)
	if errors.As(err, new(usageError)) {
		return exitUsage
	}
	if ee := (exitError{}); errors.As(err, &ee) {
		return ee.code
	}
	return 1
}
