package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
)

// instruction is one Dockerfile instruction.
type instruction struct {
	line int
	cmd  string // upper case
	rest string
}

// stage is one FROM ... block.
type stage struct {
	from, name string
	ins        []instruction
}

// parseDockerfile splits a Dockerfile into stages (continuation lines
// joined, comments and parser directives dropped). It is not BuildKit's
// parser; it is enough for the checks below.
func parseDockerfile(data string) []*stage {
	var stages []*stage
	lines := strings.Split(data, "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		for strings.HasSuffix(l, "\\") && i+1 < len(lines) {
			i++
			next := strings.TrimSpace(lines[i])
			if strings.HasPrefix(next, "#") {
				continue
			}
			l = strings.TrimSuffix(l, "\\") + " " + next
		}
		cmd, rest, _ := strings.Cut(l, " ")
		in := instruction{start, strings.ToUpper(cmd), strings.TrimSpace(rest)}
		if in.cmd == "FROM" {
			f := strings.Fields(in.rest)
			f = slices.DeleteFunc(f, func(s string) bool { return strings.HasPrefix(s, "--") })
			st := &stage{}
			if len(f) > 0 {
				st.from = f[0]
			}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) > 0 {
			stages[len(stages)-1].ins = append(stages[len(stages)-1].ins, in)
		}
	}
	return stages
}

// finalConfig is what the final stage sets, for comparison with an image
// built another way (ko).
type finalConfig struct {
	User       string
	Entrypoint []string
	Cmd        []string
	Expose     []string
}

// checkDockerfile checks deploy/Dockerfile against what the deployment
// manifests assume.
func checkDockerfile(r *report, name string) *finalConfig {
	data, err := os.ReadFile(name)
	if err != nil {
		r.errorf(nil, "%v", err)
		return nil
	}
	errf := func(format string, args ...any) { r.errorf(nil, "%s: "+format, append([]any{name}, args...)...) }
	stages := parseDockerfile(string(data))
	if len(stages) < 2 {
		errf("want a multi-stage build (a Go build stage, then a minimal runtime stage), found %d stage(s)", len(stages))
		return nil
	}
	build, final := stages[0], stages[len(stages)-1]
	if !strings.Contains(build.from, "golang:") {
		errf("the first stage should build FROM golang:<version>, not %s", build.from)
	}
	var buildRun string
	for _, in := range build.ins {
		if in.cmd == "RUN" && strings.Contains(in.rest, "go build") {
			buildRun = in.rest
		}
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "./cmd/netverdict"} {
		if !strings.Contains(buildRun, want) {
			errf("the build stage's `go build` RUN lacks %s", want)
		}
	}
	if final.from != "scratch" && !strings.HasPrefix(final.from, "gcr.io/distroless/static") {
		errf("the final stage should be FROM scratch or gcr.io/distroless/static*, not %s", final.from)
	}
	cfg := &finalConfig{}
	for _, in := range final.ins {
		switch in.cmd {
		case "USER":
			cfg.User = in.rest
		case "ENTRYPOINT", "CMD":
			var v []string
			if err := json.Unmarshal([]byte(in.rest), &v); err != nil {
				errf("line %d: %s must be in exec (JSON) form: the image has no shell", in.line, in.cmd)
			}
			if in.cmd == "ENTRYPOINT" {
				cfg.Entrypoint = v
			} else {
				cfg.Cmd = v
			}
		case "EXPOSE":
			cfg.Expose = append(cfg.Expose, strings.Fields(in.rest)...)
		case "RUN":
			errf("line %d: RUN in the final stage: the runtime image has no shell", in.line)
		case "ADD":
			errf("line %d: use COPY, not ADD", in.line)
		case "COPY":
			if !strings.Contains(in.rest, "--from=") {
				errf("line %d: the final stage should copy only the built binary (COPY --from=...)", in.line)
			}
		}
	}
	if u, _, _ := strings.Cut(cfg.User, ":"); u != "65532" {
		errf("the final stage must run as USER 65532 (nonroot), not %q", cfg.User)
	}
	if len(cfg.Entrypoint) != 2 || path.Base(cfg.Entrypoint[0]) != "netverdict" || cfg.Entrypoint[1] != "serve" {
		errf("ENTRYPOINT should be [\"/netverdict\", \"serve\"] (the manifests pass only serve flags), not %q", cfg.Entrypoint)
	}
	for _, p := range []string{"50051", "9090"} {
		if !slices.Contains(cfg.Expose, p) {
			errf("EXPOSE lacks %s", p)
		}
	}
	flags, _ := parseArgs(cfg.Cmd)
	if lastFlag(flags, "listen", "") != "0.0.0.0:50051" || lastFlag(flags, "metrics-listen", "") != "0.0.0.0:9090" {
		errf("CMD should default to --listen=0.0.0.0:50051 --metrics-listen=0.0.0.0:9090, not %q", cfg.Cmd)
	}
	return cfg
}

// imageConfig is the part of an OCI/Docker image config file compared.
type imageConfig struct {
	Architecture string `json:"architecture"`
	OS           string `json:"os"`
	Config       struct {
		User         string              `json:"User"`
		Entrypoint   []string            `json:"Entrypoint"`
		Cmd          []string            `json:"Cmd"`
		ExposedPorts map[string]struct{} `json:"ExposedPorts"`
		WorkingDir   string              `json:"WorkingDir"`
	} `json:"config"`
}

// checkImageConfig compares an image config (crane config output) with
// the Dockerfile's final stage: same user, entrypoint (up to the binary's
// directory: ko puts it in /ko-app), default args and ports.
func checkImageConfig(r *report, name string, want *finalConfig) {
	data, err := os.ReadFile(name)
	if err != nil {
		r.errorf(nil, "%v", err)
		return
	}
	var c imageConfig
	if err := json.Unmarshal(data, &c); err != nil {
		r.errorf(nil, "%s: %v", name, err)
		return
	}
	errf := func(format string, args ...any) {
		r.errorf(nil, "image config %s: "+format, append([]any{name}, args...)...)
	}
	if c.OS != "linux" || c.Architecture == "" {
		errf("platform %s/%s", c.OS, c.Architecture)
	}
	if u, _, _ := strings.Cut(c.Config.User, ":"); u != "65532" {
		errf("User %q, want 65532", c.Config.User)
	}
	ep := c.Config.Entrypoint
	if len(ep) == 0 || want == nil || len(ep) != len(want.Entrypoint) || path.Base(ep[0]) != path.Base(want.Entrypoint[0]) || !slices.Equal(ep[1:], want.Entrypoint[1:]) {
		errf("Entrypoint %q does not run what the Dockerfile's does (%q)", ep, want.Entrypoint)
	}
	if want != nil && !slices.Equal(c.Config.Cmd, want.Cmd) {
		errf("Cmd %q, the Dockerfile's is %q", c.Config.Cmd, want.Cmd)
	}
	if want != nil {
		for _, p := range want.Expose {
			if _, ok := c.Config.ExposedPorts[p+"/tcp"]; !ok {
				errf("ExposedPorts %v lacks %s/tcp", c.Config.ExposedPorts, p)
			}
		}
	}
	fmt.Printf("  image %s/%s user %s entrypoint %q cmd %q\n", c.OS, c.Architecture, c.Config.User, ep, c.Config.Cmd)
}
