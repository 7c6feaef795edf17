package checker

// Sentences about what a build makes: images, the files in them, the Dockerfile and
// the build itself.
const (
	mImageOK             msgID = "m.image.ok"
	mImageAbsentOK       msgID = "m.image.absent-ok"
	mImageShouldNotExist msgID = "m.image.should-not-exist"
	mImageMissing        msgID = "m.image.missing"
	mImageCmd            msgID = "m.image.cmd"
	mImageEntrypoint     msgID = "m.image.entrypoint"
	mImageExposes        msgID = "m.image.exposes"
	mImageEnv            msgID = "m.image.env"
	mImageWorkdir        msgID = "m.image.workdir"
	mImageUser           msgID = "m.image.user"
	mImageLabels         msgID = "m.image.labels"
	mImageSize           msgID = "m.image.size"

	mFileOK             msgID = "m.file.ok"
	mFileAbsentOK       msgID = "m.file.absent-ok"
	mFileShouldNotExist msgID = "m.file.should-not-exist"
	mFileMissing        msgID = "m.file.missing"
	mFileNotExecutable  msgID = "m.file.not-executable"
	mFileExecutable     msgID = "m.file.executable"
	mFileNoText         msgID = "m.file.no-text"
	mFileIsDir          msgID = "m.file.is-dir"
	mFileIsLink         msgID = "m.file.is-link"

	mDockerfileOK           msgID = "m.dockerfile.ok"
	mDockerfileMissing      msgID = "m.dockerfile.missing"
	mDockerfileParse        msgID = "m.dockerfile.parse"
	mDockerfileParseLine    msgID = "m.dockerfile.parse-line"
	mDockerfileFrom         msgID = "m.dockerfile.from"
	mDockerfileInstructions msgID = "m.dockerfile.instructions"
	mDockerfileForbid       msgID = "m.dockerfile.forbid"
	mDockerfileExecForm     msgID = "m.dockerfile.exec-form"

	mBuildOK          msgID = "m.build.ok"
	mBuildNoImage     msgID = "m.build.no-image"
	mBuildMissingBase msgID = "m.build.missing-base"
	mBuildStepExit    msgID = "m.build.step-exit"
	mBuildStep        msgID = "m.build.step"
	mBuildFailed      msgID = "m.build.failed"
	mBuildClassic     msgID = "m.build.classic"
)

var artifactTexts = map[msgID]texts{
	mImageOK: {
		en: "Image `%s` is as expected.",
		ko: "`%s` 이미지가 기대한 대로입니다.",
	},
	mImageAbsentOK: {
		en: "Image `%s` does not exist, as expected.",
		ko: "`%s` 이미지가 없습니다. 기대한 대로입니다.",
	},
	mImageShouldNotExist: {
		en: "Image `%[1]s` should not exist, but it does. `docker rmi %[1]s` removes it.",
		ko: "`%[1]s` 이미지가 없어야 하는데 있습니다. `docker rmi %[1]s` 로 지울 수 있습니다.",
	},
	mImageMissing: {
		en: "There is no image `%s`. `docker images` lists the images there are: check the name and the tag.",
		ko: "`%s` 이미지가 없습니다. `docker images` 로 있는 이미지를 보고 이름과 태그를 확인해 주세요.",
	},
	mImageCmd: {
		en: "The CMD of `%s` is not the one asked for.",
		ko: "`%s` 이미지의 CMD가 기대와 다릅니다.",
	},
	mImageEntrypoint: {
		en: "The ENTRYPOINT of `%s` is not the one asked for.",
		ko: "`%s` 이미지의 ENTRYPOINT가 기대와 다릅니다.",
	},
	mImageExposes: {
		en: "`%[1]s` does not expose %[2]s: add `EXPOSE %[2]s` to the Dockerfile.",
		ko: "`%[1]s` 이미지가 %[2]s 포트를 EXPOSE하지 않습니다. Dockerfile에 `EXPOSE %[2]s` 를 추가해 주세요.",
	},
	mImageEnv: {
		en: "The environment of `%s` lacks %s or gives it another value: set it with ENV.",
		ko: "`%s` 이미지의 환경 변수 %s 값이 없거나 다릅니다. ENV로 설정해 주세요.",
	},
	mImageWorkdir: {
		en: "The WORKDIR of `%s` is not the one asked for.",
		ko: "`%s` 이미지의 WORKDIR가 기대와 다릅니다.",
	},
	mImageUser: {
		en: "`%s` runs as another USER than the one asked for.",
		ko: "`%s` 이미지의 USER가 기대와 다릅니다.",
	},
	mImageLabels: {
		en: "The labels of `%s` lack %s or give it another value: set it with LABEL.",
		ko: "`%s` 이미지의 레이블 %s 값이 없거나 다릅니다. LABEL로 설정해 주세요.",
	},
	mImageSize: {
		en: "`%s` is %s, more than the %s allowed. A smaller base image, or cleaning up in the same RUN that made the mess, keeps it small.",
		ko: "`%s` 이미지의 크기는 %s입니다. %s 이하여야 합니다. 더 작은 베이스 이미지를 쓰거나, 임시 파일은 만든 RUN 안에서 바로 지우면 작아집니다.",
	},

	mFileOK: {
		en: "`%s` in %s is as expected.",
		ko: "%[2]s의 `%[1]s` 파일이 기대한 대로입니다.",
	},
	mFileAbsentOK: {
		en: "`%s` is not in %s, as expected.",
		ko: "%[2]s에 `%[1]s` 파일이 없습니다. 기대한 대로입니다.",
	},
	mFileShouldNotExist: {
		en: "`%s` should not be in %s, but it is.",
		ko: "%[2]s에 `%[1]s` 파일이 없어야 하는데 있습니다.",
	},
	mFileMissing: {
		en: "There is no `%s` in %s. Check where your COPY puts the file.",
		ko: "%[2]s에 `%[1]s` 파일이 없습니다. COPY가 파일을 어디에 넣는지 확인해 주세요.",
	},
	mFileNotExecutable: {
		en: "`%[1]s` is not executable (mode %[2]s). Give it an execute bit, e.g. `RUN chmod +x %[1]s`.",
		ko: "`%[1]s` 파일에 실행 권한이 없습니다(mode %[2]s). `RUN chmod +x %[1]s` 처럼 실행 권한을 주세요.",
	},
	mFileExecutable: {
		en: "`%s` should not be executable, but its mode is %s.",
		ko: "`%s` 파일은 실행 권한이 없어야 하는데 mode가 %s입니다.",
	},
	mFileNoText: {
		en: "`%s` does not contain %s.",
		ko: "`%s` 파일의 내용에 %s 부분이 없습니다.",
	},
	mFileIsDir: {
		en: "`%s` is a directory, not a file.",
		ko: "`%s` 경로는 파일이 아니라 디렉터리입니다.",
	},
	mFileIsLink: {
		en: "`%s` is a symbolic link to `%s`. The check reads the path itself and does not follow links: copy the file there instead of linking to it.",
		ko: "`%s` 경로는 심볼릭 링크입니다(대상: `%s`). 검사는 링크를 따라가지 않고 그 경로 자체를 읽으니, 링크 대신 파일을 그 자리에 복사해 주세요.",
	},

	mDockerfileOK: {
		en: "`%s` is as expected.",
		ko: "`%s` 파일이 기대한 대로입니다.",
	},
	mDockerfileMissing: {
		en: "There is no `%s` in the exercise folder.",
		ko: "실습 폴더에 `%s` 파일이 없습니다.",
	},
	mDockerfileParse: {
		en: "`%s` is not a valid Dockerfile: %s.",
		ko: "`%s` 파일을 Dockerfile로 읽을 수 없습니다: %s.",
	},
	mDockerfileParseLine: {
		en: "`%s` is not a valid Dockerfile at line %d: %s.",
		ko: "`%s` 파일을 Dockerfile로 읽을 수 없습니다(%d번째 줄): %s.",
	},
	mDockerfileFrom: {
		en: "The final stage of `%s` starts from another base image than the one asked for.",
		ko: "`%s` 파일의 마지막 스테이지가 기대와 다른 베이스 이미지에서 시작합니다.",
	},
	mDockerfileInstructions: {
		en: "`%s` lacks %s.",
		ko: "`%s` 파일에 %s 명령이 없습니다.",
	},
	mDockerfileForbid: {
		en: "`%s` uses %s, which this exercise asks you not to use.",
		ko: "`%s` 파일에 이 실습에서 쓰지 말아야 할 %s 명령이 있습니다.",
	},
	mDockerfileExecForm: {
		en: "`%s` uses the shell form (%s). Use the JSON form, like `%s`: then the program runs as PID 1 without a shell and receives signals such as SIGTERM.",
		ko: "`%s` 파일에 셸 형식으로 쓴 명령이 있습니다(%s). `%s` 처럼 JSON 형식으로 써 주세요. 그래야 셸 없이 프로그램이 PID 1로 실행되어 SIGTERM 같은 시그널을 받습니다.",
	},

	mBuildOK: {
		en: "Built %s.",
		ko: "%s 이미지를 빌드했습니다.",
	},
	mBuildNoImage: {
		en: "The build ended without an image.",
		ko: "빌드가 이미지를 만들지 못하고 끝났습니다.",
	},
	mBuildMissingBase: {
		en: "The base image `%[1]s` is not here and could not be pulled. Where a registry is reachable, `docker pull %[1]s` gets it; otherwise load a saved copy with `dockademy images load FILE`.",
		ko: "베이스 이미지가 없고 내려받을 수도 없었습니다: `%[1]s`. 레지스트리에 접속할 수 있다면 `docker pull %[1]s` 로 받고, 아니라면 저장해 둔 파일을 `dockademy images load FILE` 로 불러와 주세요.",
	},
	mBuildStepExit: {
		en: "The build failed at %s: the command exited with code %d. %s",
		ko: "빌드가 %s 에서 실패했습니다. 명령의 종료 코드는 %d입니다. %s",
	},
	mBuildStep: {
		en: "The build failed at %s: %s",
		ko: "빌드가 %s 에서 실패했습니다: %s",
	},
	mBuildFailed: {
		en: "The build failed: %s",
		ko: "빌드에 실패했습니다: %s",
	},
	mBuildClassic: {
		en: "The classic builder that dockademy uses has no `COPY --chmod` or `RUN --mount`: use `RUN chmod` instead.",
		ko: "dockademy는 클래식 빌더로 빌드하므로 `COPY --chmod` 와 `RUN --mount` 를 쓸 수 없습니다. 대신 `RUN chmod` 를 써 주세요.",
	},
}
