"""`gen serve`: the month's work on one local page, for clerks who would rather not type commands.

server    binds to loopback, prints the address with this run's secret, opens the browser, stops on Ctrl-C
security  the secret (URL token → cookie), CSRF token, Origin and Host checks, response headers
app       the Flask routes; templates/ and static/ (htmx, vendored) ship with the package
month     gen validate's findings as rows, and who reported (from reading)
uploads   county files dropped on the page: judged by the readers, saved under the county's name
actions   the commands' library calls, run by `worker` processes that `jobs` starts, follows and cancels
numbers   the 发文字号 a document will take, asked of the register as the kinds ask it
registers 发文登记 and 提醒函登记表 as tables
paths     no path the page is given leaves the output folder or the workspace
"""
