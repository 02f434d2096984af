; The installer of SMS Workbench for Windows 10 and 11 (64-bit): a per-user install that needs no
; administrator rights. build/scripts/release.sh runs:
;   makensis -DVERSION=<git describe> -DWINVERSION=<a.b.c.d> -DAPP_EXE=<smsworkbench.exe>
;            -DOUTFILE=<installer.exe> build/windows/installer.nsi
; It installs smsworkbench.exe into %LOCALAPPDATA%\Programs\SMS Workbench, adds a Start-menu
; shortcut and an entry in Settings > Apps (HKCU) with an uninstaller. The workspaces in
; %LOCALAPPDATA%\smsworkbench are the user's data: neither the installer nor the uninstaller
; touches them.

!ifndef VERSION | WINVERSION | APP_EXE | OUTFILE
  !error "define VERSION, WINVERSION, APP_EXE and OUTFILE (see the top of this file)"
!endif

!define PRODUCT "SMS Workbench"
!define EXE "smsworkbench.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SMSWorkbench"
; The WebView2 runtime's client id (Microsoft's documented registry check)
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true
ManifestSupportedOS Win10
; no LegalCopyright key in the version information: the project names no copyright holder
!pragma warning disable 9100

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${WINVERSION}"
VIFileVersion "${WINVERSION}"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${WINVERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} installer"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "icon.ico"
!define MUI_UNICON "icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; The window is drawn by the Microsoft Edge WebView2 runtime. Windows 11 and current Windows 10
; have it; where it is missing, say so and offer Microsoft's download page (its installer needs no
; administrator rights either). The check reads the keys Microsoft documents for per-machine and
; per-user installs.
Function CheckWebView2
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    DetailPrint "The Microsoft Edge WebView2 runtime was not found."
    IfSilent done
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "${PRODUCT} needs the Microsoft Edge WebView2 runtime, which this computer does not seem to have.$\r$\n$\r$\nOpen Microsoft's download page now? (Install the Evergreen runtime, then start ${PRODUCT}.)" IDNO done
    ExecShell "open" "https://developer.microsoft.com/microsoft-edge/webview2/"
  ${Else}
    DetailPrint "Microsoft Edge WebView2 runtime $0 found."
  ${EndIf}
  done:
FunctionEnd

Section "Install"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=${EXE}" "${APP_EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$\"$INSTDIR\${EXE}$\",0"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"

  Call CheckWebView2
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  ; the WebView2 cache of the window (not the workspaces, which stay in %LOCALAPPDATA%\smsworkbench)
  RMDir /r "$APPDATA\${EXE}"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
