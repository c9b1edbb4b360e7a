// Draws a dyad timeline: one square per assertion by month, the running balance as a line.
D.draw=function(el,scene){
 const ax=el("g",{id:"axis"},scene);
 el("line",{x1:D.left,x2:D.width-20,y1:D.zero,y2:D.zero,stroke:"#444"},ax);
 D.months.forEach((m,i)=>{const t=el("text",{x:D.left+i*D.step+D.step/2,y:D.height-12,"text-anchor":"middle",
  "font-size":"12"},ax);t.textContent=m;});
 D.marks.forEach(k=>{el("rect",{x:k.x,y:k.y,width:D.cell-3,height:D.cell-3,rx:2,fill:k.fill,stroke:k.stroke,
  "stroke-dasharray":k.dash,"data-i":k.tip,class:"mark"},scene);});
 if(D.running.length>1){el("polyline",{points:D.running.map(p=>p.join(",")).join(" "),fill:"none",stroke:"#000",
  "stroke-width":2},scene);}
 D.running.forEach(p=>el("circle",{cx:p[0],cy:p[1],r:4,fill:"#000"},scene));
};
