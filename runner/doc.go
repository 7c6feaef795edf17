// Package runner is the only package that talks to the Docker Engine. It executes a
// check's steps (build, run, exec, stop) and observes the engine (images, files in
// images, containers, HTTP), returning plain results for the checker to judge.
//
// Everything a Session creates carries dockademy's labels and is removed by Cleanup.
// A workspace session (Mapped false) uses tags and host ports as the lesson writes
// them; a mapped session, for grading side by side, builds under private tags
// ("example/echo:latest-dkd-<run>") and publishes on ephemeral host ports, and maps
// the lesson's references through ImageRef, MapURL and MapPublishes.
//
// A learner's failing build or run is data in the result; a returned error means the
// tool or the engine could not do its part, or the caller's context ended.
package runner
