package checker

import (
	"fmt"
	"strconv"
	"strings"
)

// LimitHit is a resource limit that a check's containers or builds reached. The engine
// contained them; a grader gives such a submission no points. Its JSON form is part of
// `check --json` and of grading reports.
type LimitHit struct {
	Step     string `json:"step"`
	Resource string `json:"resource"` // "memory" or "processes"
	Limit    int64  `json:"limit"`    // bytes or processes
	// Instruction is the build instruction that reached it, for a build step.
	Instruction string `json:"instruction,omitempty"`
	Message     string `json:"message"`
}

// Limit words a limit that step reached; instruction is set for a build step.
func Limit(step, resource string, limit int64, instruction, lang string) LimitHit {
	h := LimitHit{Step: step, Resource: resource, Limit: limit, Instruction: instruction}
	switch {
	case resource == "memory" && instruction != "":
		h.Message = msg(lang, mLimitBuildMemory, step, instruction, binarySize(limit))
	case resource == "memory":
		h.Message = msg(lang, mLimitMemory, step, binarySize(limit))
	case instruction != "":
		h.Message = msg(lang, mLimitBuildProcesses, step, instruction, limit)
	default:
		h.Message = msg(lang, mLimitProcesses, step, limit)
	}
	return h
}

const (
	mLimitMemory         msgID = "m.limit.memory"
	mLimitProcesses      msgID = "m.limit.processes"
	mLimitBuildMemory    msgID = "m.limit.build-memory"
	mLimitBuildProcesses msgID = "m.limit.build-processes"
)

var limitTexts = map[msgID]texts{
	mLimitMemory: {
		"the container of step `%s` used more than its memory limit of %s, and the kernel killed it.",
		"`%s` 단계의 컨테이너가 메모리 제한(%s)을 넘게 써서 커널이 강제로 종료했습니다.",
	},
	mLimitProcesses: {
		"the container of step `%s` reached its limit of %d processes: does a program start processes without end?",
		"`%s` 단계의 컨테이너가 프로세스 수 제한(%d개)에 닿았습니다. 프로세스를 끝없이 만드는 프로그램이 있는지 확인하세요.",
	},
	mLimitBuildMemory: {
		"in the build of step `%s`, `%s` used more than the memory limit of %s, and the kernel killed it.",
		"`%s` 단계의 빌드에서 명령 `%s` 실행 중 메모리 제한(%s)을 넘어 커널이 강제로 종료했습니다.",
	},
	mLimitBuildProcesses: {
		"in the build of step `%s`, `%s` reached the limit of %d processes and was stopped: does it start processes without end?",
		"`%s` 단계의 빌드에서 명령 `%s` 실행 중 프로세스 수 제한(%d개)에 닿아 멈췄습니다. 프로세스를 끝없이 만들고 있지 않은지 확인하세요.",
	},
}

// binarySize renders a limit the way it is given (--memory 256MiB): 256 MiB, 1.5 GiB.
func binarySize(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v := float64(n)
	i := 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	s := strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
	return fmt.Sprintf("%s %s", s, units[i])
}
