package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLimit(t *testing.T) {
	tests := []struct {
		name, resource, instruction, lang string
		limit                             int64
		want                              string
	}{
		{"container memory", "memory", "", "en", 256 << 20,
			"The container of step `echo` used more than its memory limit of 256 MiB, and the kernel killed it."},
		{"container processes", "processes", "", "en", 256,
			"The container of step `echo` reached its limit of 256 processes: does a program start processes without end?"},
		{"build memory", "memory", "RUN dd bs=400M", "en", 1536 << 20,
			"In the build of step `echo`, `RUN dd bs=400M` used more than the memory limit of 1.5 GiB, and the kernel killed it."},
		{"build processes, Korean", "processes", "RUN f", "ko", 64,
			"`echo` 단계의 빌드에서 명령 `RUN f` 실행 중 프로세스 수 제한(64개)에 닿아 멈췄습니다. 프로세스를 끝없이 만들고 있지 않은지 확인하세요."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Limit("echo", tt.resource, tt.limit, tt.instruction, tt.lang)
			assert.Equal(t, tt.want, h.Message)
			assert.Equal(t, LimitHit{Step: "echo", Resource: tt.resource, Limit: tt.limit, Instruction: tt.instruction, Message: tt.want}, h)
		})
	}
}

func TestBinarySize(t *testing.T) {
	for n, want := range map[int64]string{512: "512 B", 256 << 20: "256 MiB", 1536 << 20: "1.5 GiB", 64 << 10: "64 KiB"} {
		assert.Equal(t, want, binarySize(n))
	}
}
