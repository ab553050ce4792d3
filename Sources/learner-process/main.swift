// The learner process: runs the functions in Exercises/ for the grader, which sends it
// inputs over a pipe and decides every verdict itself. It links the given half and
// Exercises only, never an answer (Package.swift).
import CPUCheck
import Exercises
import LearnerProcess

// First, before any code compiled for the package's CPU level runs: the grader reports
// this exit as "built for another CPU", not as a crash of the learner's code.
CPUCheck.exitIfBuiltForAnotherCPU(program: "learner-process")
LearnerServer.run { name in name == "exercises" ? LearnerAssignment() : nil }
