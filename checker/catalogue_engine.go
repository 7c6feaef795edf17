package checker

// Sentences about what runs: containers, their output, HTTP answers, stopping, and
// the run and exec actions.
const (
	mContainerOK             msgID = "m.container.ok"
	mContainerNoneOK         msgID = "m.container.none-ok"
	mContainerShouldNotExist msgID = "m.container.should-not-exist"
	mContainerNoneAncestor   msgID = "m.container.none-ancestor"
	mContainerNoneName       msgID = "m.container.none-name"
	mContainerNoneStep       msgID = "m.container.none-step"
	mContainerNotRunning     msgID = "m.container.not-running"
	mContainerRunning        msgID = "m.container.running"
	mContainerPublishes      msgID = "m.container.publishes"
	mContainerExitCode       msgID = "m.container.exit-code"
	mContainerExitRunning    msgID = "m.container.exit-running"
	mContainerImage          msgID = "m.container.image"
	mContainerImageOld       msgID = "m.container.image-old"
	mContainerImageMissing   msgID = "m.container.image-missing"
	mContainerChanged        msgID = "m.container.changed"
	mContainerUnchanged      msgID = "m.container.unchanged"
	mContainerDiffUnknown    msgID = "m.container.diff-unknown"

	mOutputOK           msgID = "m.output.ok"
	mOutputTimedOut     msgID = "m.output.timed-out"
	mOutputStdout       msgID = "m.output.stdout"
	mOutputStdoutEquals msgID = "m.output.stdout-equals"
	mOutputStderr       msgID = "m.output.stderr"
	mOutputExitCode     msgID = "m.output.exit-code"
	mOutputStillRunning msgID = "m.output.still-running"

	mHTTPOK            msgID = "m.http.ok"
	mHTTPRefused       msgID = "m.http.refused"
	mHTTPDropped       msgID = "m.http.dropped"
	mHTTPNoAnswer      msgID = "m.http.no-answer"
	mHTTPNoAnswerPlain msgID = "m.http.no-answer-plain"
	mHTTPGaveUp        msgID = "m.http.gave-up"
	mHTTPStatus        msgID = "m.http.status"
	mHTTPBody          msgID = "m.http.body"

	mStopDone       msgID = "m.stop.done"
	mStopOK         msgID = "m.stop.ok"
	mStopNotRunning msgID = "m.stop.not-running"
	mStopKilled     msgID = "m.stop.killed"
	mStopSlow       msgID = "m.stop.slow"

	mRunExited    msgID = "m.run.exited"
	mRunDetached  msgID = "m.run.detached"
	mRunTimedOut  msgID = "m.run.timed-out"
	mRunError     msgID = "m.run.error"
	mExecExited   msgID = "m.exec.exited"
	mExecTimedOut msgID = "m.exec.timed-out"
	mExecError    msgID = "m.exec.error"

	mSkipped msgID = "m.skipped"
	mErrored msgID = "m.errored"
)

// The explanation of PID 1 and SIGTERM, shared by the stop messages.
const (
	sigtermEN = "With a shell-form CMD (`CMD server --port 80`) /bin/sh is PID 1, and the shell neither exits on SIGTERM nor passes it on: use the JSON form (`CMD [\"server\", \"--port\", \"80\"]`) or make the program handle SIGTERM."
	sigtermKO = "셸 형식 CMD(`CMD server --port 80`)에서는 /bin/sh가 PID 1이 되는데, 셸은 SIGTERM을 받아도 종료하지 않고 프로그램에 전달하지도 않습니다. JSON 형식(`CMD [\"server\", \"--port\", \"80\"]`)을 쓰거나 프로그램이 SIGTERM을 처리하게 해 주세요."
)

var engineTexts = map[msgID]texts{
	mContainerOK: {
		en: "The container %s is as expected.",
		ko: "%s 컨테이너가 기대한 대로입니다.",
	},
	mContainerNoneOK: {
		en: "No container matches %s, as expected.",
		ko: "%s에 해당하는 컨테이너가 없습니다. 기대한 대로입니다.",
	},
	mContainerShouldNotExist: {
		en: "No container should match %s, but these do: %s. `docker rm -f` removes a container.",
		ko: "%s에 해당하는 컨테이너가 없어야 하는데 있습니다: %s. `docker rm -f` 로 컨테이너를 지울 수 있습니다.",
	},
	mContainerNoneAncestor: {
		en: "There is no container, running or stopped, made from image `%s` as it is now; containers of an earlier build of the same tag do not count. `docker ps -a` lists the containers.",
		ko: "지금의 `%s` 이미지로 만든 컨테이너가 없습니다(실행 중이거나 멈춘 것 모두). 같은 태그라도 다시 빌드하기 전의 이미지로 만든 컨테이너는 세지 않습니다. `docker ps -a` 로 컨테이너를 확인해 보세요.",
	},
	mContainerNoneName: {
		en: "There is no container named `%[1]s`. Name it when you create it: `docker run --name %[1]s ...`.",
		ko: "`%[1]s` 이름의 컨테이너가 없습니다. 만들 때 `docker run --name %[1]s ...` 처럼 이름을 붙여 주세요.",
	},
	mContainerNoneStep: {
		en: "The container of step `%s` is gone.",
		ko: "`%s` 단계에서 만든 컨테이너가 없습니다.",
	},
	mContainerNotRunning: {
		en: "The container %s is not running: it exited with code %d. `docker logs` shows why.",
		ko: "%s 컨테이너가 실행 중이 아닙니다(종료 코드 %d). `docker logs` 로 이유를 확인해 보세요.",
	},
	mContainerRunning: {
		en: "The container %s is still running; it should have stopped.",
		ko: "%s 컨테이너가 아직 실행 중입니다. 멈춰 있어야 합니다.",
	},
	mContainerPublishes: {
		en: "The container %s does not publish %s. Ports are published when the container is created (`docker run -p HOST:CONTAINER`); an existing container cannot gain one.",
		ko: "%s 컨테이너가 %s 포트를 공개(publish)하지 않습니다. 포트는 컨테이너를 만들 때 `docker run -p 호스트:컨테이너` 로 공개하며, 이미 만든 컨테이너에는 더할 수 없습니다.",
	},
	mContainerExitCode: {
		en: "The container %s exited with code %d; expected %d.",
		ko: "%s 컨테이너의 종료 코드가 %d입니다. %d이어야 합니다.",
	},
	mContainerExitRunning: {
		en: "The container %s is still running, so it has no exit code yet.",
		ko: "%s 컨테이너가 아직 실행 중이라 종료 코드가 없습니다.",
	},
	mContainerImage: {
		en: "The container %s runs image %s, not `%s`.",
		ko: "%s 컨테이너가 실행하는 이미지는 %s입니다. `%s` 이미지여야 합니다.",
	},
	mContainerImageOld: {
		en: "The container %s runs an earlier build of `%s`. A container keeps the image it was created from: after a rebuild, remove it and create a new one.",
		ko: "%s 컨테이너는 다시 빌드하기 전의 `%s` 이미지를 실행하고 있습니다. 컨테이너는 만들어질 때의 이미지를 계속 쓰므로, 다시 빌드한 뒤에는 컨테이너를 지우고 새로 만들어야 합니다.",
	},
	mContainerImageMissing: {
		en: "There is no image `%s`, so no container can run it.",
		ko: "`%s` 이미지가 없으니 이 이미지를 실행하는 컨테이너도 있을 수 없습니다.",
	},
	mContainerChanged: {
		en: "The filesystem of container %s has changed since it started; `docker diff %s` shows what changed.",
		ko: "%s 컨테이너가 시작된 뒤 파일 시스템이 바뀌었습니다. `docker diff %s` 로 무엇이 바뀌었는지 볼 수 있습니다.",
	},
	mContainerUnchanged: {
		en: "The filesystem of container %s has not changed since it started; it should have.",
		ko: "%s 컨테이너의 파일 시스템이 시작된 뒤 바뀌지 않았습니다. 바뀌어 있어야 합니다.",
	},
	mContainerDiffUnknown: {
		en: "Could not read the changes of container %s (`docker diff`).",
		ko: "%s 컨테이너의 변경 내역(`docker diff`)을 읽지 못했습니다.",
	},

	mOutputOK: {
		en: "The output of %s is as expected.",
		ko: "%s의 출력이 기대한 대로입니다.",
	},
	mOutputTimedOut: {
		en: "%s did not finish within its time limit and was stopped; its output may be cut short.",
		ko: "%s의 명령이 제한 시간 안에 끝나지 않아 중지되었습니다. 출력이 중간에 끊겼을 수 있습니다.",
	},
	mOutputStdout: {
		en: "The output of %s (stdout) does not contain %s.",
		ko: "%s의 출력(stdout)에 %s 부분이 없습니다.",
	},
	mOutputStdoutEquals: {
		en: "The output of %s (stdout) is not exactly the expected text (one trailing newline is ignored).",
		ko: "%s의 출력(stdout)이 기대한 내용과 정확히 같지 않습니다(끝의 줄바꿈 하나는 무시합니다).",
	},
	mOutputStderr: {
		en: "The error output of %s (stderr) does not contain %s.",
		ko: "%s의 오류 출력(stderr)에 %s 부분이 없습니다.",
	},
	mOutputExitCode: {
		en: "%s exited with code %d; expected %d.",
		ko: "%s의 종료 코드가 %d입니다. %d이어야 합니다.",
	},
	mOutputStillRunning: {
		en: "%s is still running, so it has no exit code yet.",
		ko: "%s의 컨테이너가 아직 실행 중이라 종료 코드가 없습니다.",
	},

	mHTTPOK: {
		en: "`%s` answered as expected (HTTP %d).",
		ko: "`%s` 주소가 기대한 대로 응답했습니다(HTTP %d).",
	},
	mHTTPRefused: {
		en: "Nothing answered at `%s`: the connection was refused, so nothing listens on that host port. Is the container running, and did you publish the port (`docker run -p HOST:CONTAINER`)?",
		ko: "`%s` 주소에서 아무것도 응답하지 않았습니다. 연결이 거부되었으니 그 호스트 포트에서 기다리는 것이 없습니다. 컨테이너가 실행 중인지, 포트를 공개했는지(`docker run -p 호스트:컨테이너`) 확인해 주세요.",
	},
	mHTTPDropped: {
		en: "Nothing answered at `%s`: the connection was accepted and then dropped (%s). The port is published, but the server inside does not answer on it: it may listen on 127.0.0.1 inside the container (it must listen on 0.0.0.0), listen on another port, or not have started.",
		ko: "`%s` 주소에서 응답이 없습니다. 연결은 받아들여졌지만 곧 끊겼습니다(%s). 포트는 공개되어 있지만 컨테이너 안의 서버가 그 포트로 응답하지 않습니다. 서버가 컨테이너 안에서 127.0.0.1에만 열려 있거나(0.0.0.0으로 열어야 합니다), 다른 포트를 쓰거나, 아직 시작하지 않았을 수 있습니다.",
	},
	mHTTPNoAnswer: {
		en: "Nothing answered at `%s` within %s (%s).",
		ko: "`%s` 주소에서 %s 안에 응답이 없었습니다(%s).",
	},
	mHTTPNoAnswerPlain: {
		en: "Nothing answered at `%s` within %s.",
		ko: "`%s` 주소에서 %s 안에 응답이 없었습니다.",
	},
	mHTTPGaveUp: {
		en: "Stopped waiting for `%s`: %s. The server's container exited before it answered; `docker logs` shows why.",
		ko: "`%s` 주소의 응답을 더 기다리지 않았습니다: %s. 서버 컨테이너가 응답하기 전에 종료되었습니다. `docker logs` 로 이유를 확인해 보세요.",
	},
	mHTTPStatus: {
		en: "`%s` answered with status %d; expected %d.",
		ko: "`%s` 주소의 응답 상태 코드가 %d입니다. %d이어야 합니다.",
	},
	mHTTPBody: {
		en: "The answer of `%s` does not contain %s.",
		ko: "`%s` 주소의 응답 본문에 %s 부분이 없습니다.",
	},

	mStopDone: {
		en: "Stopped the container %s.",
		ko: "%s 컨테이너를 멈췄습니다.",
	},
	mStopOK: {
		en: "The container %s exited %s after SIGTERM, within %s.",
		ko: "%s 컨테이너가 SIGTERM을 받고 %s 만에 종료했습니다(제한 %s).",
	},
	mStopNotRunning: {
		en: "The container %s had already exited before it was stopped, so it shows nothing about SIGTERM. `docker logs` shows why it exited.",
		ko: "%s 컨테이너가 멈추기 전에 이미 종료되어 있어서 SIGTERM 처리를 확인할 수 없습니다. `docker logs` 로 종료 이유를 확인해 보세요.",
	},
	mStopKilled: {
		en: "The container %s ignored SIGTERM: it was still running after %s and was killed. " + sigtermEN,
		ko: "%s 컨테이너가 SIGTERM에 반응하지 않아 %s 뒤 강제로 종료(SIGKILL)되었습니다. " + sigtermKO,
	},
	mStopSlow: {
		en: "The container %s took %s to exit after SIGTERM; it should take at most %s. " + sigtermEN,
		ko: "%s 컨테이너가 SIGTERM을 받고 종료하기까지 %s 걸렸습니다. %s 안에 종료해야 합니다. " + sigtermKO,
	},

	mRunExited: {
		en: "Ran %s: it exited with code %d.",
		ko: "%s 이미지를 실행했습니다. 종료 코드는 %d입니다.",
	},
	mRunDetached: {
		en: "Started %s in the background (container %s).",
		ko: "%s 이미지를 백그라운드에서 시작했습니다(컨테이너 %s).",
	},
	mRunTimedOut: {
		en: "The container of %s did not exit within its time limit and was stopped.",
		ko: "%s 이미지의 컨테이너가 제한 시간 안에 끝나지 않아 중지되었습니다.",
	},
	mRunError: {
		en: "Could not run %s: %s",
		ko: "%s 이미지를 실행하지 못했습니다: %s",
	},
	mExecExited: {
		en: "Ran %s in the container: it exited with code %d.",
		ko: "컨테이너 안에서 %s 명령을 실행했습니다. 종료 코드는 %d입니다.",
	},
	mExecTimedOut: {
		en: "%s did not finish within its time limit and was stopped.",
		ko: "%s 명령이 제한 시간 안에 끝나지 않아 중지되었습니다.",
	},
	mExecError: {
		en: "Could not run %s in the container: %s",
		ko: "컨테이너 안에서 %s 명령을 실행하지 못했습니다: %s",
	},

	mSkipped: {
		en: "Not run: step `%s` failed.",
		ko: "실행하지 않았습니다. `%s` 단계가 실패했습니다.",
	},
	mErrored: {
		en: "Could not check this step: %s",
		ko: "이 단계를 확인하지 못했습니다: %s",
	},
}
