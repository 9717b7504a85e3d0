import Port0CLI

Port0Command.mainReportingOneLine()
