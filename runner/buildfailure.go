package runner

import (
	"context"
	"fmt"
	"strings"
)

// failure turns the error that ended a build into what the learner needs: where, why,
// and for the usual traps what to do.
func (s *Session) failure(ctx context.Context, st *buildStream) *BuildFailure {
	f := &BuildFailure{Step: st.step, Instruction: st.instr, Message: st.errMsg}
	switch strings.ToUpper(firstWord(st.instr)) {
	case "RUN":
		if st.errCode > 0 {
			f.ExitCode = st.errCode
		}
	case "FROM":
		// Decided by looking at the engine, not by reading the pull error, whose wording
		// depends on the registry and the network.
		if img := fromImage(st.instr); img != "" && !strings.Contains(img, "$") && !s.imageExists(ctx, img) {
			f.MissingBase = img
			f.Advice = missingImageAdvice(img)
		}
	}
	if flag := buildKitFlag(st.instr); flag != "" {
		f.BuildKitOnly = flag
		f.Advice = fmt.Sprintf("%s needs BuildKit, and dockademy builds with the classic builder; "+
			"write the step without %s (for example COPY, then RUN chmod)", flag, flag)
	}
	return f
}

func (s *Session) baseExists(ctx context.Context, f *BuildFailure) bool {
	if !strings.EqualFold(firstWord(f.Instruction), "FROM") {
		return false
	}
	img := fromImage(f.Instruction)
	return img != "" && s.imageExists(ctx, img)
}

func (s *Session) imageExists(ctx context.Context, ref string) bool {
	_, err := s.c.engine.ImageInspect(ctx, ref)
	return err == nil
}

// fromImage is the image of a FROM instruction: "FROM --platform=x img AS name" -> img.
func fromImage(instr string) string {
	for _, f := range strings.Fields(instr)[1:] {
		if !strings.HasPrefix(f, "--") {
			return f
		}
	}
	return ""
}

// buildKitFlag returns the first flag of a RUN, COPY or ADD instruction that only
// BuildKit knows; the classic builder refuses them.
func buildKitFlag(instr string) string {
	fields := strings.Fields(instr)
	if len(fields) == 0 {
		return ""
	}
	kw := strings.ToUpper(fields[0])
	if kw != "RUN" && kw != "COPY" && kw != "ADD" {
		return ""
	}
	for _, f := range fields[1:] {
		if !strings.HasPrefix(f, "--") {
			return ""
		}
		name, _, _ := strings.Cut(f, "=")
		if kw != "RUN" && (name == "--from" || name == "--chown") {
			continue
		}
		return name
	}
	return ""
}

func missingImageAdvice(ref string) string {
	return fmt.Sprintf("the image %s is not on this machine and could not be pulled: "+
		"run `docker pull %s` while online, or load it from a file with `dockademy images load FILE`", ref, ref)
}
