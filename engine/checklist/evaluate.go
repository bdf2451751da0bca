package checklist

import (
	"fmt"
	"strings"

	"github.com/seiportal/seiportal/engine/calendar"
)

// Status is the state of an item on a given day.
type Status string

// Statuses, in the order they are decided: an item is feito when done;
// else bloqueado while an item it depends on is not done; else atrasado
// after its deadline, vence_hoje on it, pendente otherwise.
const (
	Done     Status = "feito"
	Blocked  Status = "bloqueado"
	Pending  Status = "pendente"
	DueToday Status = "vence_hoje"
	Overdue  Status = "atrasado"
)

// Label returns the status in Portuguese, for people.
func (s Status) Label() string {
	switch s {
	case Done:
		return "Feito"
	case Blocked:
		return "Bloqueado"
	case Pending:
		return "Pendente"
	case DueToday:
		return "Vence hoje"
	case Overdue:
		return "Atrasado"
	}
	return string(s)
}

// ItemReport is the evaluation of one item.
type ItemReport struct {
	ID     string `json:"id"`
	Stage  string `json:"stage"`
	Status Status `json:"status"`
	// BlockedBy lists the items it depends on that are not done, in
	// DependsOn order.
	BlockedBy []string `json:"blocked_by,omitempty"`
	// Due is the deadline, zero when the item has none or when what it
	// counts from has not happened yet (no start date, or the item in
	// Deadline.After is not done).
	Due calendar.Date `json:"due,omitzero"`
	// DaysLeft counts from today to Due in the deadline's unit (dias úteis
	// or dias corridos): 0 on the day, negative when overdue. Meaningful
	// only when Due is set and the item is not done.
	DaysLeft int  `json:"days_left"`
	Unit     Unit `json:"unit,omitempty"`
	// SuggestedDeadline is set when the item's deadline is a suggestion
	// (Deadline.Origin is Suggested), to be shown as "prazo sugerido".
	SuggestedDeadline bool `json:"suggested_deadline,omitempty"`
	// Late is set when the item was done after Due, or is not done and Due
	// has passed (even while blocked).
	Late bool `json:"late,omitempty"`
}

// Progress counts done items.
type Progress struct {
	Done    int `json:"done"`
	Total   int `json:"total"`
	Percent int `json:"percent"` // rounded down: 100 only when all are done
	Overdue int `json:"overdue"` // items not done whose deadline has passed
}

// StageProgress is the progress of one stage.
type StageProgress struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Progress
}

// Report is the evaluation of a State on a day.
type Report struct {
	Today calendar.Date `json:"today"`
	// Items are in definition order.
	Items   []ItemReport    `json:"items"`
	Stages  []StageProgress `json:"stages"`
	Overall Progress        `json:"overall"`
}

// Item returns the report of the item with the given id.
func (r *Report) Item(id string) (ItemReport, bool) {
	for _, it := range r.Items {
		if it.ID == id {
			return it, true
		}
	}
	return ItemReport{}, false
}

// Evaluate evaluates st on today. Deadlines are counted with cal; a nil cal
// uses national holidays only. It never fails: an invalid definition (see
// Validate) gives a report where unknown dependencies block.
func Evaluate(def *Definition, st State, today calendar.Date, cal *calendar.Calendar) Report {
	rep := Report{Today: today}
	if def == nil {
		return rep
	}
	if cal == nil {
		cal, _ = calendar.New(calendar.Config{})
	}
	done := func(id string) bool { return st.Items[id].Done }
	for _, stage := range def.Stages {
		sp := StageProgress{ID: stage.ID, Title: stage.Title}
		for _, it := range stage.Items {
			ir := ItemReport{ID: it.ID, Stage: stage.ID}
			is := st.Items[it.ID]
			for _, dep := range it.DependsOn {
				if !done(dep) {
					ir.BlockedBy = append(ir.BlockedBy, dep)
				}
			}
			if dl := it.Deadline; dl != nil && dl.Unit.Valid() && dl.Days >= 0 && dl.Days <= MaxDeadlineDays {
				ir.Unit = dl.Unit
				ir.SuggestedDeadline = dl.IsSuggested()
				var from calendar.Date
				if dl.After == Start {
					from = st.Start
				} else if dep := st.Items[dl.After]; dep.Done {
					from = dep.DoneOn
				}
				if from.Valid() && from.Year > 0 {
					ir.Due = dl.From(cal, from)
				}
			}
			switch {
			case is.Done:
				ir.Status = Done
			case len(ir.BlockedBy) > 0:
				ir.Status = Blocked
			case ir.Due.IsZero():
				ir.Status = Pending
			case today.After(ir.Due):
				ir.Status = Overdue
			case today == ir.Due:
				ir.Status = DueToday
			default:
				ir.Status = Pending
			}
			if !ir.Due.IsZero() {
				if is.Done {
					ir.Late = is.DoneOn.After(ir.Due)
				} else {
					ir.Late = today.After(ir.Due)
					if today.Valid() && today.Year > 0 {
						ir.DaysLeft = daysLeft(cal, today, ir.Due, ir.Unit)
					}
				}
			}
			sp.Total++
			if is.Done {
				sp.Done++
			} else if ir.Late {
				sp.Overdue++
			}
			rep.Items = append(rep.Items, ir)
		}
		sp.Percent = percent(sp.Done, sp.Total)
		rep.Stages = append(rep.Stages, sp)
		rep.Overall.Done += sp.Done
		rep.Overall.Total += sp.Total
		rep.Overall.Overdue += sp.Overdue
	}
	rep.Overall.Percent = percent(rep.Overall.Done, rep.Overall.Total)
	return rep
}

// From returns the deadline dl sets when counted from the given day, with
// the counting rule of package calendar (start day excluded, end moved to
// the next business day).
func (dl Deadline) From(cal *calendar.Calendar, from calendar.Date) calendar.Date {
	if dl.Unit == CalendarDays {
		return cal.AddCalendarDays(from, dl.Days)
	}
	return cal.AddBusinessDays(from, dl.Days)
}

func daysLeft(cal *calendar.Calendar, today, due calendar.Date, u Unit) int {
	if u == CalendarDays {
		return today.DaysUntil(due)
	}
	return cal.BusinessDaysBetween(today, due)
}

func percent(done, total int) int {
	if total == 0 {
		return 0
	}
	return done * 100 / total
}

// CanComplete reports whether the item can be marked done in st: every item
// it depends on is done and its evidence is filled in and valid. When not,
// reason says why, in Portuguese ("Conclua antes: Assinar o Termo de
// Adesão.").
func CanComplete(def *Definition, st State, itemID string) (ok bool, reason string) {
	it, _, found := def.Item(itemID)
	if !found {
		return false, fmt.Sprintf("Item desconhecido: %q.", itemID)
	}
	var reasons []string
	var before []string
	for _, dep := range it.DependsOn {
		if st.Items[dep].Done {
			continue
		}
		title := dep
		if d, _, ok := def.Item(dep); ok && d.Title != "" {
			title = d.Title
		}
		before = append(before, title)
	}
	if len(before) > 0 {
		reasons = append(reasons, "Conclua antes: "+strings.Join(before, "; ")+".")
	}
	if errs := CheckEvidence(*it, st.Items[itemID].Evidence); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		reasons = append(reasons, "Corrija as evidências: "+strings.Join(msgs, "; ")+".")
	}
	if len(reasons) > 0 {
		return false, strings.Join(reasons, " ")
	}
	return true, ""
}
