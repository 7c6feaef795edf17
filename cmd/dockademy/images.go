package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/runner"
)

func (a *app) imagesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "images pull | save <file> | load <file>",
		Short: "Get the course's base images: pull them, or move them as a file",
		Long: `The course builds from and runs a few base images (each lesson lists its own).
'pull' downloads the missing ones. For a classroom without internet, a teacher
runs 'save <file>' on a machine that has them and learners run 'load <file>'.
A <file> of - means standard output or input.`,
		Example: `  dockademy images pull
  dockademy images save docker-class-images.tar
  dockademy images load docker-class-images.tar`,
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:   "pull",
			Short: "Pull the course's base images that are not on this machine",
			Args:  cobra.NoArgs,
			RunE:  func(cmd *cobra.Command, _ []string) error { return a.runImagesPull(cmd.Context()) },
		},
		&cobra.Command{
			Use:   "save <file>",
			Short: "Write the course's base images into one tar file",
			Args:  cobra.ExactArgs(1),
			RunE:  func(cmd *cobra.Command, args []string) error { return a.runImagesSave(cmd.Context(), args[0]) },
		},
		&cobra.Command{
			Use:   "load <file>",
			Short: "Load images from a tar file that 'images save' wrote",
			Args:  cobra.ExactArgs(1),
			RunE:  func(cmd *cobra.Command, args []string) error { return a.runImagesLoad(cmd.Context(), args[0]) },
		},
	)
	return cmd
}

// imagesSetup is what every images subcommand starts with: the language, the
// course's images, and the engine.
func (a *app) imagesSetup(ctx context.Context) (string, []string, *runner.Client, error) {
	ws, err := a.findWorkspace()
	if err != nil {
		return "", nil, nil, err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return "", nil, nil, err
	}
	refs := courseImages(c)
	client, err := a.engine(ctx)
	if err != nil {
		return lang, nil, nil, err
	}
	return lang, refs, client, nil
}

func (a *app) runImagesPull(ctx context.Context) error {
	lang, refs, client, err := a.imagesSetup(ctx)
	if err != nil {
		return err
	}
	defer client.Close()
	live := newLive(a.io.ErrOut, a.io.IsTerminal())
	live.Status(i18n.Pick(lang, "pulling ...", "받는 중 ..."))
	err = client.EnsureImages(ctx, refs, &lockedWriter{live: live, w: a.io.ErrOut})
	live.Close()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var missing []string
	for _, ref := range refs {
		have, herr := client.HasImage(ctx, ref)
		if herr != nil {
			return herr
		}
		if have {
			fmt.Fprintf(a.io.Out, "✔ %s\n", ref)
		} else {
			missing = append(missing, ref)
			fmt.Fprintf(a.io.Out, "✘ %s\n", ref)
		}
	}
	if len(missing) == 0 {
		fmt.Fprintf(a.io.Out, i18n.Pick(lang, "All %d images of the course are here.\n", "과정의 이미지 %d개가 모두 있습니다.\n"), len(refs))
		return nil
	}
	var errs []string
	var me *runner.MissingImageError
	for _, e := range unwrapAll(err) {
		if errors.As(e, &me) && me.Err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", me.Ref, me.Err))
		}
	}
	return &codeError{exitFailed, fmt.Errorf(i18n.Pick(lang,
		"could not pull %s%s\nWithout internet, load them from a file that 'dockademy images save FILE' wrote on another machine: 'dockademy images load FILE'",
		"%s 를 받지 못했습니다%s\n인터넷이 없다면 다른 컴퓨터에서 'dockademy images save FILE' 로 만든 파일을 'dockademy images load FILE' 로 불러오세요"),
		strings.Join(missing, ", "), detailList(errs))}
}

func unwrapAll(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func detailList(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return ":\n  " + strings.Join(lines, "\n  ")
}

func (a *app) runImagesSave(ctx context.Context, file string) error {
	lang, refs, client, err := a.imagesSetup(ctx)
	if err != nil {
		return err
	}
	defer client.Close()
	if len(refs) == 0 {
		return &codeError{exitFailed, errors.New(i18n.Pick(lang, "the course names no images", "과정에 이미지가 없습니다"))}
	}
	live := newLive(a.io.ErrOut, a.io.IsTerminal())
	defer live.Close()
	live.Status(fmt.Sprintf(i18n.Pick(lang, "saving %s ...", "%s 저장 중 ..."), strings.Join(refs, ", ")))
	if file == "-" {
		return a.saveErr(client.SaveImages(ctx, refs, a.io.Out), lang)
	}
	// Through a temporary file and a rename: an interrupted save leaves no truncated
	// archive that a classroom would later fail to load.
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".tmp*")
	if err != nil {
		return fmt.Errorf("could not create %s: %w", file, err)
	}
	defer os.Remove(tmp.Name())
	err = client.SaveImages(ctx, refs, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return a.saveErr(err, lang)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		return fmt.Errorf("could not write %s: %w", file, err)
	}
	live.Close()
	size := ""
	if st, err := os.Stat(abs); err == nil {
		size = " (" + units.HumanSize(float64(st.Size())) + ")"
	}
	fmt.Fprintf(a.io.Out, i18n.Pick(lang,
		"Saved %s to %s%s.\nOn a machine without internet: 'dockademy images load %s'.\n",
		"%s 를 %s 에 저장했습니다%s.\n인터넷이 없는 컴퓨터에서: 'dockademy images load %s'.\n"),
		strings.Join(refs, ", "), file, size, filepath.Base(file))
	return nil
}

func (a *app) saveErr(err error, lang string) error {
	var me *runner.MissingImageError
	if errors.As(err, &me) {
		return &codeError{exitFailed, fmt.Errorf(i18n.Pick(lang,
			"%s is not on this machine, so it cannot be saved: run 'dockademy images pull' first",
			"%s 가 이 컴퓨터에 없어 저장할 수 없습니다: 먼저 'dockademy images pull' 을 실행하세요"), me.Ref)}
	}
	return err
}

func (a *app) runImagesLoad(ctx context.Context, file string) error {
	lang, refs, client, err := a.imagesSetup(ctx)
	if err != nil {
		return err
	}
	defer client.Close()
	var r io.Reader = a.io.In
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return usageErr("%s", fmt.Sprintf(i18n.Pick(lang, "could not open %s: %v", "%s 를 열 수 없습니다: %v"), file, err))
		}
		defer f.Close()
		r = f
	}
	live := newLive(a.io.ErrOut, a.io.IsTerminal())
	live.Status(fmt.Sprintf(i18n.Pick(lang, "loading %s ...", "%s 불러오는 중 ..."), file))
	err = client.LoadImages(ctx, r, &lockedWriter{live: live, w: a.io.ErrOut})
	live.Close()
	if err != nil {
		return err
	}
	var missing []string
	for _, ref := range refs {
		if have, err := client.HasImage(ctx, ref); err != nil {
			return err
		} else if !have {
			missing = append(missing, ref)
		}
	}
	if len(missing) > 0 {
		return &codeError{exitFailed, fmt.Errorf(i18n.Pick(lang,
			"loaded %s, but the course still needs %s",
			"%s 를 불러왔지만 과정에는 %s 가 더 필요합니다"), file, strings.Join(missing, ", "))}
	}
	fmt.Fprintf(a.io.Out, i18n.Pick(lang, "Loaded %s: all %d images of the course are here.\n",
		"%s 를 불러왔습니다: 과정의 이미지 %d개가 모두 있습니다.\n"), file, len(refs))
	return nil
}
