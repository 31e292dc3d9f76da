@echo off
rem HandleSpy for Windows. No arguments (or one recording file) opens the desktop
rem app; anything else is a command-line subcommand: handlespy --help.
rem Needs a Java 21 or newer runtime. It is looked for in JAVA_HOME, then on PATH,
rem then in the usual install folders; the first one that is new enough is used.
setlocal EnableExtensions EnableDelayedExpansion
set "HS_HOME=%~dp0"
set "HS_JAVA="
set "HS_MAJOR="
set "HS_TOO_OLD="

if defined JAVA_HOME call :consider "%JAVA_HOME%\bin\java.exe"
if not defined HS_JAVA for %%j in (java.exe) do if not "%%~$PATH:j"=="" call :consider "%%~$PATH:j"
if not defined HS_JAVA for %%r in ("%ProgramFiles%" "%ProgramW6432%" "%LOCALAPPDATA%\Programs") do (
    for %%v in ("Eclipse Adoptium" "Java" "Microsoft" "Zulu" "Amazon Corretto" "BellSoft" "Semeru") do (
        if not defined HS_JAVA call :scan "%%~r\%%~v"
    )
)
if not defined HS_JAVA goto :no_java

rem JavaFX and JNA call native code and sun.misc.Unsafe; newer runtimes warn unless told it is intended.
set "HS_FLAGS="
if !HS_MAJOR! GEQ 22 set "HS_FLAGS=--enable-native-access=ALL-UNNAMED"
if !HS_MAJOR! GEQ 24 set "HS_FLAGS=!HS_FLAGS! --sun-misc-unsafe-memory-access=allow"

rem A class-data cache per Java version: every start after the first maps the classes
rem the first one loaded instead of loading and verifying them again. The runtime
rem writes it at exit when it is missing or was made by another runtime or build.
set "HS_CACHE="
if defined LOCALAPPDATA set "HS_CACHE=%LOCALAPPDATA%\HandleSpy\cache"
if defined HS_CACHE if not exist "!HS_CACHE!\" mkdir "!HS_CACHE!" 2>nul
if defined HS_CACHE if exist "!HS_CACHE!\" set "HS_FLAGS=!HS_FLAGS! "-XX:SharedArchiveFile=!HS_CACHE!\java!HS_MAJOR!.jsa" -XX:+AutoCreateSharedArchive"

rem info and leaks finish in well under a second on most recordings, before the optimizing
rem compiler's work would pay back the core it takes from them: the quick compiler alone.
rem So does record: in a long one the target sets the pace, not the recorder's compiled code.
rem HANDLESPY_JAVA_OPTS comes later and can say otherwise (-XX:TieredStopAtLevel=4).
if /i "%~1"=="record" set "HS_FLAGS=!HS_FLAGS! -XX:TieredStopAtLevel=1"
if /i "%~1"=="info" set "HS_FLAGS=!HS_FLAGS! -XX:TieredStopAtLevel=1"
if /i "%~1"=="leaks" set "HS_FLAGS=!HS_FLAGS! -XX:TieredStopAtLevel=1"

set "HS_WINDOW="
if "%~1"=="" set "HS_WINDOW=1"
if /i "%~x1"==".db" if "%~2"=="" set "HS_WINDOW=1"
for %%j in ("!HS_JAVA!") do set "HS_JAVAW=%%~dpjjavaw.exe"
if defined HS_WINDOW if exist "!HS_JAVAW!" (
    rem the desktop app needs no console window
    start "HandleSpy" "!HS_JAVAW!" !HS_FLAGS! %HANDLESPY_JAVA_OPTS% -cp "%HS_HOME%lib\*" io.handlespy.Main %*
    exit /b 0
)
"!HS_JAVA!" !HS_FLAGS! %HANDLESPY_JAVA_OPTS% -cp "%HS_HOME%lib\*" io.handlespy.Main %*
exit /b %ERRORLEVEL%

:no_java
echo handlespy: no Java 21 or newer was found ^(looked in JAVA_HOME, on PATH and in the usual install folders^). 1>&2
if defined HS_TOO_OLD echo handlespy: found only older ones:!HS_TOO_OLD! 1>&2
echo handlespy: install a Java 21+ runtime, e.g. Eclipse Temurin 21 ^(winget install EclipseAdoptium.Temurin.21.JDK^), then run handlespy.cmd again; or set JAVA_HOME to one. 1>&2
exit /b 9

rem Uses %1 if it is a java.exe of version 21 or newer; remembers older ones for the message.
:consider
if defined HS_JAVA goto :eof
if not exist "%~1" goto :eof
set "HS_VERSION="
for /f "tokens=3" %%v in ('""%~1" -version 2>&1"') do if not defined HS_VERSION set "HS_VERSION=%%~v"
if not defined HS_VERSION goto :eof
call :major "%HS_VERSION%"
if !HS_CANDIDATE_MAJOR! GEQ 21 (
    set "HS_JAVA=%~1"
    set "HS_MAJOR=!HS_CANDIDATE_MAJOR!"
) else (
    set "HS_TOO_OLD=!HS_TOO_OLD! %~1 (Java %HS_VERSION%);"
)
goto :eof

rem The major version of a version string: "21.0.5" is 21, "1.8.0_412" is 1 (Java 8, too old).
:major
set "HS_CANDIDATE_MAJOR=0"
for /f "tokens=1 delims=.-+_" %%m in ("%~1") do set "HS_CANDIDATE_MAJOR=%%m"
goto :eof

rem The JDK and JRE folders directly under %1, by name, highest first (jdk-25... before jdk-21...).
:scan
if not exist "%~1\" goto :eof
pushd "%~1"
for /f "delims=" %%d in ('dir /b /ad /o-n 2^>nul') do if not defined HS_JAVA call :consider "%~1\%%d\bin\java.exe"
popd
goto :eof
