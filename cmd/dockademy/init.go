package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/workspace"
)

func (a *app) initCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "init [<dir>]",
		Short: "Create a workspace with every exercise's starter files",
		Long: `Create a workspace: one folder per exercise, at <dir>/<lesson-id>/<exercise-id>/,
with its starter files. Files that already exist are never overwritten.`,
		Example: `  dockademy init ~/docker-class
  dockademy init --lang en`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return a.runInit(dir)
		},
	}
}

func (a *app) runInit(dir string) error {
	c, lang, err := a.course(nil)
	if err != nil {
		return err
	}
	meta := workspace.Meta{Lang: lang}
	if a.lessonsDir != "" {
		abs, err := filepath.Abs(a.lessonsDir)
		if err != nil {
			return err
		}
		meta.Lessons = abs
	}
	ws, wrote, err := workspace.Init(dir, c, meta)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.io.Out, i18n.Pick(lang,
		"Workspace ready at %s (%d files written).\nNext: cd into an exercise folder, edit the files, then run 'dockademy check <lesson-id>/<exercise-id>'.\n",
		"작업 공간을 %s 에 만들었습니다 (파일 %d개).\n다음: 실습 폴더로 들어가 파일을 고친 뒤 'dockademy check <lesson-id>/<exercise-id>' 를 실행하세요.\n"),
		ws.Root, len(wrote))
	return nil
}
