// The learner process: runs the functions in Exercises/ for the grader, which sends it
// inputs over a pipe and decides every verdict itself. It links the given half and
// Exercises only, never an answer (Package.swift).
import Exercises
import LearnerProcess

LearnerServer.run { name in name == "exercises" ? LearnerAssignment() : nil }
