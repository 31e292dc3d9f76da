@echo off
rem Runs HandleSpy on Windows: no arguments opens the desktop app, otherwise a CLI subcommand.
rem Needs a JDK 21+ (JAVA_HOME), Maven, CMake and Visual Studio's C tools on PATH for the first build.
setlocal
set "ROOT=%~dp0"
if not defined JAVA_HOME (
  echo handlespy: set JAVA_HOME to a JDK 21 or newer. 1>&2
  exit /b 1
)
"%JAVA_HOME%\bin\java" -XshowSettings:properties -version 2>&1 | findstr /r /c:"java.specification.version = 2[1-9]" /c:"java.specification.version = [3-9][0-9]" >nul
if errorlevel 1 (
  echo handlespy: JAVA_HOME=%JAVA_HOME% is older than Java 21; point it at a JDK 21 or newer. 1>&2
  exit /b 1
)
if not exist "%ROOT%app\target\dist\lib\handlespy.jar" (
  echo handlespy: building HandleSpy ^(first run^)... 1>&2
  pushd "%ROOT%" && call mvn -B -q install -DskipTests -pl app -am & popd
  if errorlevel 1 exit /b 1
)
"%JAVA_HOME%\bin\java" %HANDLESPY_JAVA_OPTS% -cp "%ROOT%app\target\dist\lib\*" io.handlespy.Main %*
