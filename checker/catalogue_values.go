package checker

// Values: the short phrases of Expected and Actual. No backticks and no final period:
// they are shown side by side, not read as sentences.
const (
	vAtMost           msgID = "v.at-most"
	vBody             msgID = "v.body"
	vBodyContaining   msgID = "v.body-containing"
	vBuildSucceeds    msgID = "v.build-succeeds"
	vCommandRuns      msgID = "v.command-runs"
	vContainer        msgID = "v.container"
	vContainerOf      msgID = "v.container-of"
	vContainerStarts  msgID = "v.container-starts"
	vContaining       msgID = "v.containing"
	vContent          msgID = "v.content"
	vDirectory        msgID = "v.directory"
	vEmptyFile        msgID = "v.empty-file"
	vExecutable       msgID = "v.executable"
	vExitCode         msgID = "v.exit-code"
	vExited           msgID = "v.exited"
	vExitsInTime      msgID = "v.exits-in-time"
	vExitsWithin      msgID = "v.exits-within"
	vExitsWithinLimit msgID = "v.exits-within-limit"
	vFile             msgID = "v.file"
	vImage            msgID = "v.image"
	vImageFound       msgID = "v.image-found"
	vImageID          msgID = "v.image-id"
	vImageRef         msgID = "v.image-ref"
	vInstructions     msgID = "v.instructions"
	vJSONForm         msgID = "v.json-form"
	vKilledAfter      msgID = "v.killed-after"
	vLastBuilt        msgID = "v.last-built"
	vLastRun          msgID = "v.last-run"
	vLine             msgID = "v.line"
	vMissingHas       msgID = "v.missing-has"
	vMissingBase      msgID = "v.missing-base"
	vNoAnswer         msgID = "v.no-answer"
	vNoAnswerPlain    msgID = "v.no-answer-plain"
	vNoChanges        msgID = "v.no-changes"
	vNoContainer      msgID = "v.no-container"
	vNoFile           msgID = "v.no-file"
	vNoImage          msgID = "v.no-image"
	vNoImageBuilt     msgID = "v.no-image-built"
	vNoPorts          msgID = "v.no-ports"
	vNoStream         msgID = "v.no-stream"
	vNoUser           msgID = "v.no-user"
	vNone             msgID = "v.none"
	vNotExecutable    msgID = "v.not-executable"
	vNotRun           msgID = "v.not-run"
	vParses           msgID = "v.parses"
	vPublishes        msgID = "v.publishes"
	vRunning          msgID = "v.running"
	vSomeChanges      msgID = "v.some-changes"
	vStopped          msgID = "v.stopped"
	vStoppedAfter     msgID = "v.stopped-after"
	vStreamContaining msgID = "v.stream-containing"
	vSymlink          msgID = "v.symlink"
	vTimedOut         msgID = "v.timed-out"
	vUnknown          msgID = "v.unknown"
	vUnset            msgID = "v.unset"
	vWasNotRunning    msgID = "v.was-not-running"
)

var valueTexts = map[msgID]texts{
	vAtMost:           {en: "at most %s", ko: "%s 이하"},
	vBody:             {en: "body %s", ko: "본문 %s"},
	vBodyContaining:   {en: "body containing %s", ko: "본문에 %s 포함"},
	vBuildSucceeds:    {en: "the build succeeds", ko: "빌드 성공"},
	vCommandRuns:      {en: "the command runs", ko: "명령 실행"},
	vContainer:        {en: "container %s", ko: "컨테이너 %s"},
	vContainerOf:      {en: "a container for %s", ko: "%s에 해당하는 컨테이너"},
	vContainerStarts:  {en: "the container starts", ko: "컨테이너 시작"},
	vContaining:       {en: "content containing %s", ko: "내용에 %s 포함"},
	vContent:          {en: "content %s", ko: "내용 %s"},
	vDirectory:        {en: "a directory", ko: "디렉터리"},
	vEmptyFile:        {en: "an empty file", ko: "빈 파일"},
	vExecutable:       {en: "executable (an x bit in its mode, e.g. 0755)", ko: "실행 가능 (mode에 x 비트, 예: 0755)"},
	vExitCode:         {en: "exit code %d", ko: "종료 코드 %d"},
	vExited:           {en: "exited (code %d)", ko: "종료됨 (코드 %d)"},
	vExitsInTime:      {en: "exits within the time limit", ko: "제한 시간 안에 종료"},
	vExitsWithin:      {en: "exits within %s of SIGTERM", ko: "SIGTERM 후 %s 안에 종료"},
	vExitsWithinLimit: {en: "exits within %s", ko: "%s 안에 종료"},
	vFile:             {en: "file %s", ko: "%s 파일"},
	vImage:            {en: "image %s", ko: "%s 이미지"},
	vImageFound:       {en: "image %s (%s)", ko: "%s 이미지 (%s)"},
	vImageID:          {en: "%s (%s)", ko: "%s (%s)"},
	vImageRef:         {en: "image `%s`", ko: "`%s` 이미지"},
	vInstructions:     {en: "instructions %s", ko: "명령 %s"},
	vJSONForm:         {en: "%s in JSON form", ko: "%s: JSON 형식"},
	vKilledAfter:      {en: "killed after %s (SIGKILL)", ko: "%s 뒤 SIGKILL로 강제 종료"},
	vLastBuilt:        {en: "the last built image", ko: "마지막으로 빌드한 이미지"},
	vLastRun:          {en: "the last run", ko: "마지막 실행"},
	vLine:             {en: "line %d: %s", ko: "%d번째 줄: %s"},
	vMissingHas:       {en: "missing %s (has %s)", ko: "%s 없음 (있는 명령: %s)"},
	vMissingBase:      {en: "base image %s missing", ko: "베이스 이미지 %s 없음"},
	vNoAnswer:         {en: "no answer (%s)", ko: "응답 없음 (%s)"},
	vNoAnswerPlain:    {en: "no answer", ko: "응답 없음"},
	vNoChanges:        {en: "no changes", ko: "변경 없음"},
	vNoContainer:      {en: "no container", ko: "컨테이너 없음"},
	vNoFile:           {en: "no file %s", ko: "%s 파일 없음"},
	vNoImage:          {en: "no image %s", ko: "%s 이미지 없음"},
	vNoImageBuilt:     {en: "no image", ko: "이미지 없음"},
	vNoPorts:          {en: "no published ports", ko: "공개된 포트 없음"},
	vNoStream:         {en: "nothing on %s", ko: "%s 출력 없음"},
	vNoUser:           {en: "no USER (root)", ko: "USER 없음 (root)"},
	vNone:             {en: "no %s", ko: "%s 없음"},
	vNotExecutable:    {en: "not executable (no x bit)", ko: "실행 불가 (x 비트 없음)"},
	vNotRun:           {en: "not run", ko: "실행 안 함"},
	vParses:           {en: "a Dockerfile that parses", ko: "문법에 맞는 Dockerfile"},
	vPublishes:        {en: "publishes %s", ko: "%s 공개"},
	vRunning:          {en: "running", ko: "실행 중"},
	vSomeChanges:      {en: "some changes", ko: "변경 있음"},
	vStopped:          {en: "stopped", ko: "멈춤"},
	vStoppedAfter:     {en: "exited after %s", ko: "%s 뒤 종료"},
	vStreamContaining: {en: "%s containing %s", ko: "%s에 %s 포함"},
	vSymlink:          {en: "symbolic link → %s", ko: "심볼릭 링크 → %s"},
	vTimedOut:         {en: "stopped at the time limit", ko: "제한 시간 초과로 중지"},
	vUnknown:          {en: "unknown", ko: "알 수 없음"},
	vUnset:            {en: "%s unset", ko: "%s 없음"},
	vWasNotRunning:    {en: "had already exited", ko: "이미 종료되어 있었음"},
}
