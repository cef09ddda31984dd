package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/netverdict/netverdict/server"
)

// runHashToken is `netverdict hash-token`: it reads a token on stdin and
// prints its line for serve's --auth-tokens file, so that the file holds
// no token in clear.
func runHashToken(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hash-token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "the client's `NAME` (in logs and per-client limits)")
	scope := fs.String("scope", "all", "what the token may do: all, or evaluate (no snapshot creation or deletion)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err}
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected argument %q: the token is read from standard input, never from the command line", fs.Arg(0))
	case *name == "" || strings.ContainsAny(*name, " \t"):
		return usagef("--name: give a client name without spaces")
	case *scope != "all" && *scope != "evaluate":
		return usagef("--scope %q: want all or evaluate", *scope)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	token := strings.TrimSpace(line)
	if token == "" {
		return usagef("no token on standard input")
	}
	out := *name + " " + server.HashToken(token)
	if *scope != "all" {
		out += " " + *scope
	}
	_, err = fmt.Fprintln(stdout, out)
	return err
}
