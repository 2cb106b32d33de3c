/* Agenda times, read from the page: every time is written in Geneva time, in <time> elements
   whose datetime carries the offset ("2007-10-08T09:00:00+02:00").

   - An element marked data-local-time gets the visitor's own time after its times, when their
     device is in another time zone (the label, in the page's language, is on <body>).
   - The "Now / Next" line of a workshop's agenda ([data-now-next]) and the agenda item marked as
     running are kept right without a reload: updated at each start and end of an item, and
     when the page comes back into view.

   Loaded with blocking="render": the page is first shown with these changes made, not shifted
   by them. Without scripts, the page says the same in Geneva time. */
(function () {
  "use strict";
  var language = document.documentElement.lang || "en";
  var clock = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  var weekdayShort = new Intl.DateTimeFormat(language, { weekday: "short" });
  var line = document.querySelector("[data-now-next]");
  /* The site's time zone, in which the workshop's days are given. */
  var zone = line ? line.dataset.timeZone : "UTC";
  var siteWeekday = new Intl.DateTimeFormat(language, { weekday: "long", timeZone: zone });
  var siteDate = new Intl.DateTimeFormat("en", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone });

  /* Minutes east of UTC written at the end of an ISO datetime ("+02:00"). */
  function writtenOffset(value) {
    var match = /([+-])(\d\d):(\d\d)$/.exec(value);
    return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : null;
  }

  /* "2007-10-08", the date of a moment in the site's time zone. */
  function siteDay(moment) {
    var parts = {};
    siteDate.formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function localDay(moment) {
    return [moment.getFullYear(), moment.getMonth() + 1, moment.getDate()]
      .map(function (number) { return String(number).padStart(2, "0"); }).join("-");
  }

  function addLocalTimes() {
    var label = document.body.dataset.localTimeLabel;
    document.querySelectorAll("[data-local-time]").forEach(function (element) {
      var times = Array.prototype.slice.call(element.querySelectorAll('time[datetime*="T"]'), 0, 2);
      if (!times.length || element.querySelector(".local-time")) {
        return;
      }
      var written = times[0].getAttribute("datetime");
      var start = new Date(written);
      if (isNaN(start) || writtenOffset(written) === -start.getTimezoneOffset()) {
        return;
      }
      var text = times.map(function (time) { return clock.format(new Date(time.getAttribute("datetime"))); }).join("\u2013");
      if (localDay(start) !== written.slice(0, 10)) {
        text = weekdayShort.format(start) + " " + text;
      }
      var span = document.createElement("span");
      span.className = "local-time";
      span.textContent = label.replace("{time}", text);
      element.appendChild(span);
    });
  }

  function agendaItems() {
    return Array.prototype.map.call(document.querySelectorAll(".agenda-item"), function (item) {
      var times = item.querySelectorAll('.time time[datetime*="T"]');
      return {
        element: item,
        start: new Date(times[0].getAttribute("datetime")),
        end: new Date(times[1].getAttribute("datetime"))
      };
    });
  }

  /* The item's title as the agenda shows it: its link, else its text (with the language it is
     marked in). */
  function titleOf(item) {
    var link = item.element.querySelector(".title a");
    if (link) {
      return link.cloneNode(true);
    }
    var title = document.createElement("span");
    item.element.querySelector(".title").childNodes.forEach(function (node) {
      title.appendChild(node.cloneNode(true));
    });
    return title;
  }

  function entry(className, label, parts) {
    var span = document.createElement("span");
    var strong = document.createElement("strong");
    span.className = className;
    strong.textContent = label;
    span.appendChild(strong);
    parts.forEach(function (part) {
      span.appendChild(document.createTextNode(" "));
      span.appendChild(part);
    });
    return span;
  }

  function showNowAndNext(items, now) {
    var data = line.dataset;
    var today = siteDay(now);
    var during = data.firstDay <= today && today <= data.lastDay;
    var running = items.filter(function (item) { return item.start <= now && now < item.end; })[0];
    var next = items.filter(function (item) { return item.start > now; })[0];
    var nextIsToday = next && siteDay(next.start) === today;
    var showing = during && (running || next)
      ? [running ? running.element.id : "", next ? next.element.id : "", next && !nextIsToday ? siteDay(next.start) : ""].join("/")
      : "";
    if (showing === (data.showing || "")) {
      return;
    }
    data.showing = showing;
    line.textContent = "";
    line.hidden = !showing;
    if (!showing) {
      return;
    }
    if (running) {
      line.appendChild(entry("now-next-now", document.body.dataset.now + data.colon, [titleOf(running)]));
    }
    if (next) {
      var parts = [];
      if (!nextIsToday) {
        var day = document.createElement("span");
        day.className = "now-next-day";
        day.textContent = siteWeekday.format(next.start);
        parts.push(day);
      }
      parts.push(next.element.querySelector(".time time").cloneNode(true), titleOf(next));
      line.appendChild(entry("now-next-next", data.next + data.colon, parts));
    }
  }

  function markRunning(items, now, label) {
    items.forEach(function (item) {
      var running = item.start <= now && now < item.end;
      var marker = item.element.querySelector(".now");
      item.element.classList.toggle("is-current", running);
      if (running) {
        item.element.setAttribute("aria-current", "true");
        if (!marker) {
          marker = document.createElement("p");
          marker.className = "now";
          marker.textContent = label;
          item.element.querySelector(".body").prepend(marker);
        }
      } else {
        item.element.removeAttribute("aria-current");
        if (marker) {
          marker.remove();
        }
      }
    });
  }

  var timer = null;

  function update() {
    var items = agendaItems();
    var now = new Date();
    if (!items.length) {
      return;
    }
    markRunning(items, now, document.body.dataset.now);
    if (line) {
      showNowAndNext(items, now);
    }
    /* Again at the next start or end, or within the hour (the day may change meanwhile). */
    var wait = 60 * 60 * 1000;
    items.forEach(function (item) {
      [item.start, item.end].forEach(function (moment) {
        if (moment > now) {
          wait = Math.min(wait, moment - now);
        }
      });
    });
    window.clearTimeout(timer);
    timer = window.setTimeout(update, wait + 500);
  }

  function start() {
    addLocalTimes();
    update();
  }

  /* As soon as the page is parsed, before it is first shown (blocking="render"). */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      update();
    }
  });
})();
