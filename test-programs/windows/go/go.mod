module handlespy.test/goleaks

go 1.19
